// Keeps the canvas benchmark from rotting: it runs at small sizes (10 and 30 nodes, one load) through
// the same server, browser and probes as `npm run bench`, and must finish with numbers. No timing is
// asserted.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CANVAS_SMOKE, canvasRows, measureCanvas, withCanvasSection } from './canvas-performance.bench.ts';
import { textTable } from './support/report.ts';

const positive = (value: number, what: string) =>
  assert.ok(Number.isFinite(value) && value > 0, `${what} should be a positive number, got ${value}`);

describe('canvas benchmark (smoke, small flows)', () => {
  it('renders both flows in Chromium and times drag, zoom and pan', { timeout: 150_000 }, async () => {
    const result = await measureCanvas(CANVAS_SMOKE);

    for (const size of [result.baseline, result.large]) {
      assert.equal(size.renderMs.length, CANVAS_SMOKE.loads);
      positive(size.renderMedianMs, `render time of ${size.nodes} nodes`);
      for (const [what, frames] of Object.entries({ drag: size.drag, zoom: size.zoom, pan: size.pan })) {
        assert.ok(frames.frames >= 2, `${what} of ${size.nodes} nodes saw animation frames`);
        assert.ok(frames.maxMs >= frames.p95Ms && frames.p95Ms >= frames.p50Ms && frames.p50Ms > 0);
      }
      assert.ok(size.dragMovedPx > 20, `the dragged node moved (${size.dragMovedPx} px)`);
    }
    assert.deepEqual(
      [result.baseline.nodes, result.large.nodes],
      [CANVAS_SMOKE.baselineNodes, CANVAS_SMOKE.largeNodes],
    );
    positive(result.ratios.render, 'render ratio');

    assert.match(textTable(canvasRows(result)), /6 canvas 30 nodes +render/);
    const markdown = withCanvasSection('# Results\n\n## Notes\n\nKept by hand.\n', result);
    assert.ok(markdown.indexOf('## Canvas (issue 5)') < markdown.indexOf('## Notes'));
    assert.match(markdown, /^\| 30 \| .+ ms \|/m);
  });
});
