import { barChart, MAX_LINE_CHARACTERS, wrapText } from './bar-chart';

const NBSP = '\u00a0';
const row = (label: string, trained: number, cohort: number, percentTrained: number) => ({ label, trained, cohort, percentTrained });

describe('wrapText', () => {
  it('breaks at spaces into lines of at most the width', () => {
    expect(wrapText('North Ayrshire Health and Social Care Partnership / Children and families: 67.6% (12 of 18)')).toEqual([
      'North Ayrshire Health and',
      'Social Care Partnership /',
      'Children and families: 67.6%',
      '(12 of 18)',
    ]);
    expect(wrapText(`Children and families: 0% (0${NBSP}of${NBSP}5)`)).toEqual(['Children and families: 0%', `(0${NBSP}of${NBSP}5)`]);
    expect(wrapText('Adults: 50% (1 of 2)')).toEqual(['Adults: 50% (1 of 2)']);
  });

  it('cuts a word longer than a line, and keeps an empty label as one line', () => {
    const word = 'x'.repeat(MAX_LINE_CHARACTERS + 5);
    expect(wrapText(`${word} end`)).toEqual(['x'.repeat(MAX_LINE_CHARACTERS), 'xxxxx end']);
    expect(wrapText('')).toEqual(['']);
  });

  it('never makes a line longer than the width', () => {
    const text = 'Òran MacÌomhair and the Community Mental Health Team for Older Adults (East) – Kilmarnock and Loudoun: 100% (250 of 250)';
    for (const line of wrapText(text)) expect(line.length).toBeLessThanOrEqual(MAX_LINE_CHARACTERS);
    expect(wrapText(text).join(' ')).toBe(text);
  });
});

describe('barChart', () => {
  it('draws one bar per row in order, its length the percentage of the width, its label and figures above it', () => {
    const chart = barChart([row('Adults', 12, 18, 66.7), row('Children and families', 0, 5, 0), row('Justice', 4, 4, 100)], 'team', 'Trained by team')!;
    expect(chart.bars.map((bar) => bar.percent)).toEqual([66.7, 0, 100]);
    const [adults, children, justice] = chart.bars.map((bar) => bar.barY);
    // The plot is 100 units wide: a bar's length is its percentage; an empty bar draws nothing.
    expect(chart.barPath).toBe(`M0 ${adults}h66.7v18h-66.7zM0 ${justice}h100v18h-100z`);
    expect(chart.trackPath).toBe([adults, children, justice].map((y) => `M0 ${y}h100v18h-100z`).join(''));
    expect(chart.gridPath).toBe(`M25 ${adults}v18M50 ${adults}v18M75 ${adults}v18M25 ${children}v18M50 ${children}v18M75 ${children}v18M25 ${justice}v18M50 ${justice}v18M75 ${justice}v18`);
    expect(chart.bars.map((bar) => bar.lines.map((line) => line.text))).toEqual([
      [`Adults: 66.7% (12${NBSP}of${NBSP}18)`],
      ['Children and families: 0%', `(0${NBSP}of${NBSP}5)`],
      [`Justice: 100% (4${NBSP}of${NBSP}4)`],
    ]);
    expect(chart.title).toBe('Trained by team');
  });

  it('stacks rows without overlap: each label line, then its bar, then the next row, inside the height', () => {
    const chart = barChart([row('A very long team name that needs two lines at least', 1, 2, 50), row('Short', 1, 4, 25)], 'team', 't')!;
    let bottom = chart.scaleY;
    for (const bar of chart.bars) {
      for (const line of bar.lines) {
        expect(line.y - 16).toBeGreaterThanOrEqual(bottom);
        bottom = line.y;
      }
      expect(bar.barY).toBeGreaterThan(bottom);
      bottom = bar.barY + 18;
    }
    expect(chart.height).toBeGreaterThanOrEqual(bottom);
    expect(chart.bars[0].lines).toHaveLength(3);
  });

  it('keeps bars within the chart even for figures outside 0 to 100', () => {
    expect(barChart([row('Odd', 3, 2, 150), row('Odder', 0, 2, -5)], 'team', 't')!.bars.map((bar) => bar.percent)).toEqual([100, 0]);
  });

  it('describes the highest and lowest rows in words, for whoever cannot see the bars', () => {
    const chart = barChart([row('Adults', 12, 18, 66.7), row('Justice', 4, 4, 100), row('Children', 1, 5, 20)], 'team', 't')!;
    expect(chart.description).toBe(
      'Percentage of social workers trained, by team, for 3 teams. Highest: Justice, 100% (4 of 4). Lowest: Children, 20% (1 of 5). The table gives every figure.',
    );
    expect(barChart([row('March 2026', 3, 70, 4.3)], 'month', 't')!.description).toBe(
      'Percentage of social workers trained, by month, for 1 month. March 2026, 4.3% (3 of 70). The table gives every figure.',
    );
  });

  it('is nothing for no rows', () => {
    expect(barChart([], 'course', 't')).toBeUndefined();
  });
});
