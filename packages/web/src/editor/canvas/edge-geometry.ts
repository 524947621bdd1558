// Where an edge's count label sits: part-way along React Flow's bezier from an output (right side) to
// an input (left side). Not at the middle: two outputs of one node that lead to the same node (found
// and notFound) meet there, and their labels would cover each other.

/** How far along the edge the label sits (0 = at the output handle, 1 = at the input). */
export const LABEL_AT = 0.25;
/** React Flow's default bezier curvature. */
const CURVATURE = 0.25;

function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);
}

/**
 * The point at `t` of the bezier React Flow draws from a right-side source to a left-side target.
 *
 * @example
 * edgePointAt(0, 0, 200, 100, 0.5); // { x: 100, y: 50 } (the middle)
 */
export function edgePointAt(
  sourceX: number,
  sourceY: number,
  targetX: number,
  targetY: number,
  t: number = LABEL_AT,
): { x: number; y: number } {
  const c1x = sourceX + controlOffset(targetX - sourceX);
  const c2x = targetX - controlOffset(targetX - sourceX);
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return {
    x: a * sourceX + b * c1x + c * c2x + d * targetX,
    y: a * sourceY + b * sourceY + c * targetY + d * targetY,
  };
}
