/**
 * How large an exported PNG of a 3D view is: the view's size on screen times
 * the display's pixel ratio, and never under MIN_EXPORT_WIDTH pixels wide
 * (a 400-pixel panel at 2× is too small for a paper figure).
 */

/** Device pixels an exported view is at least wide (its colour-bar strip not counted). */
export const MIN_EXPORT_WIDTH = 1600;

/** Factor from CSS pixels to exported pixels for a view `cssWidth` wide on a display of `devicePixelRatio`. */
export function exportScale(cssWidth: number, devicePixelRatio: number): number {
  const ratio = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  return Math.max(ratio, MIN_EXPORT_WIDTH / Math.max(1, cssWidth));
}
