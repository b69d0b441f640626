import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { Request, Response, Router } from 'express';

const FRONTEND_ROOT = join(dirname(require.resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');
const FRONTEND_VERSION = (JSON.parse(readFileSync(join(FRONTEND_ROOT, '..', '..', 'package.json'), 'utf8')) as { version: string })
  .version;
const OWN_ASSETS = join(__dirname, 'assets');
const A_YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';

/** The URLs the layout links to; every one changes when its content does, so it can be cached for a year. */
export interface AssetPaths {
  /** Base for nhsuk-frontend's images and manifest (the template's `assetPath`). */
  frontend: string;
  stylesheet: string;
  script: string;
}

interface BuiltAsset {
  path: string;
  type: string;
  body: Buffer;
}

function fingerprinted(name: string, extension: string, type: string, body: string): BuiltAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${name}-${hash}.${extension}`, type, body: Buffer.from(body) };
}

/**
 * nhsuk-frontend's stylesheet with two changes made once at start-up: its @font-face rules are
 * dropped, because they fetch the NHS web font from a host the service must never ask (the
 * design system falls back to the system font), and its image URLs point at the versioned path.
 */
export function frontendStylesheet(css: string, frontendPath: string): string {
  return css.replace(/@font-face\s*\{[^}]*\}/g, '').replace(/url\(\/assets\//g, `url(${frontendPath}/`);
}

/** Serves nhsuk-frontend and the service's own CSS and JavaScript under versioned or fingerprinted paths. */
export function webAssets(): { router: Router; paths: AssetPaths } {
  const frontend = `/assets/nhsuk-${FRONTEND_VERSION}`;
  const frontendCss = readFileSync(join(FRONTEND_ROOT, 'nhsuk-frontend.min.css'), 'utf8');
  const ownCss = readFileSync(join(OWN_ASSETS, 'app.css'), 'utf8');
  const stylesheet = fingerprinted('styles', 'css', 'text/css', `${frontendStylesheet(frontendCss, frontend)}\n${ownCss}`);
  const script = fingerprinted(
    'app',
    'js',
    'text/javascript',
    `import { initAll } from '${frontend}/nhsuk-frontend.min.js';\ninitAll();\n`,
  );

  const router = express.Router();
  for (const asset of [stylesheet, script]) {
    router.get(asset.path, (_req: Request, res: Response) => {
      res.setHeader('Cache-Control', A_YEAR_IMMUTABLE);
      res.type(asset.type).send(asset.body);
    });
  }
  router.use(`${frontend}/nhsuk-frontend.min.js`, (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', A_YEAR_IMMUTABLE);
    res.type('text/javascript').sendFile(join(FRONTEND_ROOT, 'nhsuk-frontend.min.js'));
  });
  router.use(frontend, express.static(join(FRONTEND_ROOT, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  return { router, paths: { frontend, stylesheet: stylesheet.path, script: script.path } };
}
