/** One bar: a group of the report and its share trained. */
export interface ChartRow {
  label: string;
  percentTrained: number;
  trained: number;
  cohort: number;
}

export interface ChartLine {
  text: string;
  /** Baseline, in px from the top of the chart. */
  y: number;
}

export interface ChartBar {
  /** The row's label and figures, wrapped to fit a 320 px screen. */
  lines: ChartLine[];
  /** Top of the bar, in px. */
  barY: number;
  /** The bar's length in per cent of the plot's width, within 0 to 100. */
  percent: number;
}

export interface ChartScaleMark {
  /** "0%", "50%", … of the chart's width. */
  x: string;
  label: string;
  anchor: 'start' | 'middle' | 'end';
}

/**
 * A horizontal bar chart of the share trained per row, as geometry for an SVG drawn on the
 * server (views/manager/partials/bar-chart.njk). The text is laid out in px; the bars, their
 * tracks and gridlines are three paths in a plot 100 units wide (per cent) stretched to the
 * chart's width, so the chart fills any column without scaling its text, and hundreds of rows
 * stay a small document.
 */
export interface BarChartView {
  title: string;
  description: string;
  /** In px; also the plot's height in its own units. */
  height: number;
  /** Baseline of the scale's labels (0% … 100%) above the bars. */
  scaleY: number;
  scale: ChartScaleMark[];
  bars: ChartBar[];
  /** Path data of every bar's full-length track, of the gridlines across it (25%, 50%, 75%), and of the bars. */
  trackPath: string;
  gridPath: string;
  barPath: string;
}

/** Characters of a label line: at 16 px, about 250 px of text, which fits a 320 px screen with its margins. */
export const MAX_LINE_CHARACTERS = 30;
const LINE_HEIGHT = 22;
const BAR_HEIGHT = 18;
const GAP_ABOVE_BAR = 4;
const GAP_BELOW_BAR = 16;
const AXIS_HEIGHT = 26;

/** "67.6%", "50%". */
export function percentText(percent: number): string {
  return `${percent}%`;
}

/** Splits text into lines of at most `width` characters at spaces (not at no-break spaces); a longer word is cut. */
export function wrapText(text: string, width = MAX_LINE_CHARACTERS): string[] {
  const lines: string[] = [];
  let line = '';
  const piece = new RegExp(`.{1,${width}}`, 'gu');
  for (const word of text.split(/[ \t\r\n]+/).filter(Boolean)) {
    const pieces = word.length <= width ? [word] : (word.match(piece) ?? []);
    for (const part of pieces) {
      if (line === '') line = part;
      else if (line.length + 1 + part.length <= width) line = `${line} ${part}`;
      else {
        lines.push(line);
        line = part;
      }
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

function describe(rows: ChartRow[], rowName: string): string {
  const figure = (row: ChartRow) => `${row.label}, ${percentText(row.percentTrained)} (${row.trained} of ${row.cohort})`;
  const intro = `Percentage of social workers trained, by ${rowName}, for ${rows.length} ${rows.length === 1 ? rowName : `${rowName}s`}.`;
  const outro = 'The table gives every figure.';
  if (rows.length === 1) return `${intro} ${figure(rows[0])}. ${outro}`;
  const byShare = [...rows].sort((a, b) => b.percentTrained - a.percentTrained);
  return `${intro} Highest: ${figure(byShare[0])}. Lowest: ${figure(byShare[byShare.length - 1])}. ${outro}`;
}

/** The chart for the report's rows, in their order; undefined when there are none. `rowName`: "team", "course", … */
export function barChart(rows: ChartRow[], rowName: string, title: string): BarChartView | undefined {
  if (rows.length === 0) return undefined;
  let top = AXIS_HEIGHT;
  const bars = rows.map((row) => {
    // No-break spaces keep "(12 of 18)" on one line.
    const text = wrapText(`${row.label}: ${percentText(row.percentTrained)} (${row.trained}\u00a0of\u00a0${row.cohort})`);
    const lines = text.map((line, index) => ({ text: line, y: top + (index + 1) * LINE_HEIGHT - 6 }));
    const barY = top + text.length * LINE_HEIGHT + GAP_ABOVE_BAR;
    top = barY + BAR_HEIGHT + GAP_BELOW_BAR;
    return { lines, barY, percent: Math.min(100, Math.max(0, row.percentTrained)) };
  });
  const rectangle = (y: number, width: number) => `M0 ${y}h${width}v${BAR_HEIGHT}h${-width}z`;
  return {
    title,
    description: describe(rows, rowName),
    height: top,
    scaleY: AXIS_HEIGHT - 10,
    scale: [
      { x: '0%', label: '0%', anchor: 'start' },
      { x: '25%', label: '25%', anchor: 'middle' },
      { x: '50%', label: '50%', anchor: 'middle' },
      { x: '75%', label: '75%', anchor: 'middle' },
      { x: '100%', label: '100%', anchor: 'end' },
    ],
    bars,
    trackPath: bars.map((bar) => rectangle(bar.barY, 100)).join(''),
    gridPath: bars.map((bar) => [25, 50, 75].map((x) => `M${x} ${bar.barY}v${BAR_HEIGHT}`).join('')).join(''),
    barPath: bars.filter((bar) => bar.percent > 0).map((bar) => rectangle(bar.barY, bar.percent)).join(''),
  };
}
