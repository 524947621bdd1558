// Canvas benchmark (issue 5, deliverable 8): does a 300-node flow stay responsive in the editor? The real
// server and the built web app, Debian's Chromium (headless, software rendering) through playwright-core.
// The same measurements on a 30-node flow in the same run are the baseline; the results are ratios.
//   render: navigation start → every node element present and visible, and the next frame painted
//   drag:   intervals between animation frames while one node is dragged along 60 mouse steps
//   zoom:   the same while the wheel zooms in and out 20 times over the canvas
//   pan:    the same while the empty canvas is dragged along 60 mouse steps
import type { Page } from 'playwright-core';
import { signInApi } from '../browser/support/api-session.ts';
import { launchChromium, newPage, signIn } from '../browser/support/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startProductServer } from '../browser/support/product-server.ts';
import { BENCH_NODE_PREFIX, canvasBenchFlow } from './canvas-flow.ts';
import type { Row } from './support/report.ts';
import { percentile } from './support/stats.ts';

export interface FrameStats {
  /** Animation frames seen while the interaction ran. */
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface CanvasSizeResult {
  nodes: number;
  /** Each measured load (after one warm-up load), navigation start → nodes painted. */
  renderMs: number[];
  renderMedianMs: number;
  drag: FrameStats;
  /** The dragged node's on-screen move (px); a drag that moved nothing measured nothing. */
  dragMovedPx: number;
  zoom: FrameStats;
  pan: FrameStats;
}

export interface CanvasResult {
  baseline: CanvasSizeResult;
  large: CanvasSizeResult;
  /** large / baseline */
  ratios: { render: number; dragP95: number; zoomP95: number; panP95: number };
}

export const CANVAS_FULL = { baselineNodes: 30, largeNodes: 300, loads: 3 } as const;
export const CANVAS_SMOKE = { baselineNodes: 10, largeNodes: 30, loads: 1 } as const;

/** What the page needs to know to time its own render: expected node count per flow path. */
type Expected = Record<string, number>;

/**
 * Installed before the app's scripts on every navigation: watches each animation frame until every
 * node of the flow is in the DOM and visible, then stamps the time of the frame after (painted).
 */
function renderProbe(expected: Expected): void {
  const scope = globalThis as unknown as PageScope;
  const want = expected[scope.location.pathname];
  if (want === undefined) return;
  const state: RenderState = {};
  scope.__canvasBench = state;
  const tick = () => {
    // The page cannot see this module: the selector spells out BENCH_NODE_PREFIX.
    const nodes = scope.document.querySelectorAll('[data-testid^="node-bench-"]');
    let visible = 0;
    for (const node of nodes) {
      const wrapper = node.closest('.react-flow__node') ?? node;
      if (scope.getComputedStyle(wrapper).visibility !== 'hidden') visible += 1;
    }
    if (visible > 0 && state.firstNodeAt === undefined) state.firstNodeAt = scope.performance.now();
    if (visible >= want) {
      scope.requestAnimationFrame(() => (state.renderedAt = scope.performance.now()));
      return;
    }
    scope.requestAnimationFrame(tick);
  };
  scope.requestAnimationFrame(tick);
}

/** The page-side globals the probes use (the benchmark is compiled without the DOM library). */
interface PageElement {
  closest(selector: string): PageElement | null;
}
interface PageScope {
  location: { pathname: string };
  document: {
    querySelectorAll(selector: string): Iterable<PageElement>;
    elementFromPoint(
      x: number,
      y: number,
    ): (PageElement & { classList: { contains(c: string): boolean } }) | null;
  };
  getComputedStyle(element: PageElement): { visibility: string };
  performance: { now(): number };
  requestAnimationFrame(callback: (time: number) => void): number;
  innerWidth: number;
  innerHeight: number;
  __canvasBench?: RenderState;
  __frames?: { times: number[]; running: boolean };
}
interface RenderState {
  firstNodeAt?: number;
  renderedAt?: number;
}

async function startFrameRecorder(page: Page): Promise<void> {
  await page.evaluate(() => {
    const scope = globalThis as unknown as PageScope;
    const recorder = { times: [] as number[], running: true };
    scope.__frames = recorder;
    const loop = (time: number) => {
      if (!recorder.running) return;
      recorder.times.push(time);
      scope.requestAnimationFrame(loop);
    };
    scope.requestAnimationFrame(loop);
  });
}

async function stopFrameRecorder(page: Page): Promise<FrameStats> {
  const times = await page.evaluate(() => {
    const scope = globalThis as unknown as PageScope;
    const recorder = scope.__frames;
    if (recorder) recorder.running = false;
    return recorder?.times ?? [];
  });
  const intervals = times
    .slice(1)
    .map((time, i) => time - (times[i] ?? time))
    .sort((a, b) => a - b);
  return {
    frames: times.length,
    p50Ms: percentile(intervals, 0.5),
    p95Ms: percentile(intervals, 0.95),
    maxMs: intervals.at(-1) ?? 0,
  };
}

async function timedLoad(page: Page, url: string): Promise<number> {
  await page.goto(url);
  const handle = await page.waitForFunction(
    () => (globalThis as unknown as PageScope).__canvasBench?.renderedAt,
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

async function center(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (box === null) throw new Error(`${selector} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A point of the viewport where the empty canvas (the pane) is, to pan from. */
async function emptyCanvasPoint(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const scope = globalThis as unknown as PageScope;
    for (let y = 0.2; y <= 0.8; y += 0.05) {
      for (let x = 0.2; x <= 0.8; x += 0.05) {
        const px = scope.innerWidth * x;
        const py = scope.innerHeight * y;
        if (scope.document.elementFromPoint(px, py)?.classList.contains('react-flow__pane')) {
          return { x: px, y: py };
        }
      }
    }
    return null;
  });
  if (point === null) throw new Error('no empty spot of the canvas to pan from');
  return point;
}

async function measureOneSize(
  page: Page,
  baseUrl: string,
  flowId: string,
  nodes: number,
  loads: number,
): Promise<CanvasSizeResult> {
  const url = `${baseUrl}/flows/${flowId}`;
  await timedLoad(page, url); // warm-up: caches, JIT
  const renderMs: number[] = [];
  for (let i = 0; i < loads; i++) renderMs.push(await timedLoad(page, url));

  // Drag a node of the first lane (on screen after the editor fits the flow into view).
  const nodeSelector = `[data-testid="node-${BENCH_NODE_PREFIX}003"]`;
  const before = await center(page, nodeSelector);
  await page.mouse.move(before.x, before.y);
  await startFrameRecorder(page);
  await page.mouse.down();
  await page.mouse.move(before.x + 180, before.y + 90, { steps: 60 });
  await page.mouse.up();
  const drag = await stopFrameRecorder(page);
  const after = await center(page, nodeSelector);
  const dragMovedPx = Math.hypot(after.x - before.x, after.y - before.y);

  const pane = await emptyCanvasPoint(page);
  await page.mouse.move(pane.x, pane.y);
  await startFrameRecorder(page);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -120);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 120);
  const zoom = await stopFrameRecorder(page);

  const from = await emptyCanvasPoint(page);
  await page.mouse.move(from.x, from.y);
  await startFrameRecorder(page);
  await page.mouse.down();
  await page.mouse.move(from.x - 200, from.y - 120, { steps: 60 });
  await page.mouse.up();
  const pan = await stopFrameRecorder(page);

  return {
    nodes,
    renderMs,
    renderMedianMs: percentile(
      [...renderMs].sort((a, b) => a - b),
      0.5,
    ),
    drag,
    dragMovedPx,
    zoom,
    pan,
  };
}

/**
 * Starts the product, saves the two generated flows through the API and measures both in Chromium.
 *
 * @example
 * ```ts
 * const result = await measureCanvas({ ...CANVAS_SMOKE, onProgress: console.log });
 * console.log(result.ratios.render);
 * ```
 */
export async function measureCanvas(options: {
  baselineNodes: number;
  largeNodes: number;
  loads: number;
  onProgress?: (message: string) => void;
}): Promise<CanvasResult> {
  const progress = options.onProgress ?? (() => {});
  const server = await startProductServer();
  try {
    const admin = await signInApi(server.url);
    const flows = [options.baselineNodes, options.largeNodes].map((nodeCount) =>
      canvasBenchFlow({ id: `canvas-bench-${nodeCount}`, nodeCount }),
    );
    for (const flow of flows) await admin.request('POST', '/api/flows', { flow });
    const browser = await launchChromium();
    try {
      const { page, context } = await newPage(browser);
      await context.addInitScript(
        renderProbe,
        Object.fromEntries(flows.map((flow) => [`/flows/${flow.id}`, flow.nodes.length])) as Expected,
      );
      await signIn(page, server.url, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      const [baselineFlow, largeFlow] = flows as [(typeof flows)[0], (typeof flows)[0]];
      progress(`${options.baselineNodes} nodes (baseline)`);
      const baseline = await measureOneSize(
        page,
        server.url,
        baselineFlow.id,
        options.baselineNodes,
        options.loads,
      );
      progress(`${options.largeNodes} nodes`);
      const large = await measureOneSize(page, server.url, largeFlow.id, options.largeNodes, options.loads);
      await context.close();
      const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
      return {
        baseline,
        large,
        ratios: {
          render: ratio(large.renderMedianMs, baseline.renderMedianMs),
          dragP95: ratio(large.drag.p95Ms, baseline.drag.p95Ms),
          zoomP95: ratio(large.zoom.p95Ms, baseline.zoom.p95Ms),
          panP95: ratio(large.pan.p95Ms, baseline.pan.p95Ms),
        },
      };
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
}

const ms = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;
const frames = (f: FrameStats) => `${f.p50Ms.toFixed(1)} / ${f.p95Ms.toFixed(1)} / ${f.maxMs.toFixed(0)} ms`;

/** Rows of the results table (no targets: the canvas numbers are recorded, not asserted). */
export function canvasRows(result: CanvasResult): Row[] {
  const { baseline, large, ratios } = result;
  const label = `6 canvas ${large.nodes} nodes`;
  return [
    {
      benchmark: label,
      measure: `render: navigation → nodes painted, median of ${large.renderMs.length} (${baseline.nodes} nodes)`,
      result: `${ms(large.renderMedianMs)} (${ms(baseline.renderMedianMs)}) = ${ratios.render.toFixed(2)}×`,
      target: '',
    },
    {
      benchmark: label,
      measure: `drag a node, frame interval p50 / p95 / max (${baseline.nodes} nodes: p95)`,
      result: `${frames(large.drag)} (${baseline.drag.p95Ms.toFixed(1)} ms) = ${ratios.dragP95.toFixed(2)}×`,
      target: '',
    },
    {
      benchmark: label,
      measure: `wheel zoom, frame interval p50 / p95 / max (${baseline.nodes} nodes: p95)`,
      result: `${frames(large.zoom)} (${baseline.zoom.p95Ms.toFixed(1)} ms) = ${ratios.zoomP95.toFixed(2)}×`,
      target: '',
    },
    {
      benchmark: label,
      measure: `pan, frame interval p50 / p95 / max (${baseline.nodes} nodes: p95)`,
      result: `${frames(large.pan)} (${baseline.pan.p95Ms.toFixed(1)} ms) = ${ratios.panP95.toFixed(2)}×`,
      target: '',
    },
  ];
}

/**
 * RESULTS.md with the canvas section inserted before the notes.
 *
 * @example
 * ```ts
 * writeFileSync(RESULTS_MD, withCanvasSection(resultsMarkdown(results, notes), canvas));
 * ```
 */
export function withCanvasSection(markdown: string, result: CanvasResult | undefined): string {
  if (result === undefined) return markdown;
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const size = (s: CanvasSizeResult) =>
    `| ${s.nodes} | ${s.renderMs.map(ms).join(', ')} | ${escape(frames(s.drag))} (${s.drag.frames} frames, node moved ${Math.round(s.dragMovedPx)} px) | ${escape(frames(s.zoom))} | ${escape(frames(s.pan))} |`;
  const section = `## Canvas (issue 5)

\`test/bench/canvas-performance.bench.ts\`: the editor of the built web app in Debian's Chromium (headless,
no GPU) on the real server, signed in as an admin. Flows generated by \`canvas-flow.ts\` (a trigger and
lanes of qualify / map nodes ending in an upsert) and saved through the API. Render time is navigation
start to the animation frame after every node element is in the DOM and visible (after one warm-up load);
frame intervals are those between \`requestAnimationFrame\` callbacks while playwright drags a node along
60 mouse steps, zooms with 20 wheel events, and pans the empty canvas along 60 steps. Recorded, not asserted.

| Nodes | Render (each load) | Drag p50 / p95 / max | Zoom p50 / p95 / max | Pan p50 / p95 / max |
| --- | --- | --- | --- | --- |
${size(result.baseline)}
${size(result.large)}

Ratios ${result.large.nodes} / ${result.baseline.nodes} nodes: render ${result.ratios.render.toFixed(2)}×, drag p95 ${result.ratios.dragP95.toFixed(2)}×, zoom p95 ${result.ratios.zoomP95.toFixed(2)}×, pan p95 ${result.ratios.panP95.toFixed(2)}×.

`;
  const notes = markdown.indexOf('\n## Notes\n');
  return notes === -1
    ? `${markdown.trimEnd()}\n\n${section}`
    : `${markdown.slice(0, notes + 1)}${section}${markdown.slice(notes + 1)}`;
}
