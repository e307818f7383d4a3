/**
 * Colours of the 3D and 2D surface views, read from the page's CSS custom
 * properties so the views follow the light / dark theme.
 */

export interface SceneTheme {
  background: string;
  axis: string;
  text: string;
  contour: string;
  centre: string;
  trajectory: string;
  pending: string;
  nonFinite: string;
  font: string;
}

const FALLBACK: SceneTheme = {
  background: '#ffffff',
  axis: '#8a8f98',
  text: '#3c4043',
  contour: '#ffffff',
  centre: '#e8453c',
  trajectory: '#ff8c1a',
  pending: '#9aa0a6',
  nonFinite: '#d62728',
  font: 'system-ui, sans-serif',
};

/** The theme as the element's styles currently define it (`--scene-*` properties). */
export function readSceneTheme(element: Element): SceneTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    background: read('--scene-bg', FALLBACK.background),
    axis: read('--scene-axis', FALLBACK.axis),
    text: read('--text-muted', FALLBACK.text),
    contour: read('--scene-contour', FALLBACK.contour),
    centre: read('--scene-centre', FALLBACK.centre),
    trajectory: read('--scene-trajectory', FALLBACK.trajectory),
    pending: read('--scene-pending', FALLBACK.pending),
    nonFinite: read('--scene-nonfinite', FALLBACK.nonFinite),
    font: style.fontFamily || FALLBACK.font,
  };
}
