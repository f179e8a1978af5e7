/**
 * The panels' rem as a factor of 16 px: 1 at 1920 px wide, 2 on a 4K wall (styles/base.css sizes
 * the root font by the window). Map pixels (marker sizes, label fonts, line widths) follow it so the
 * map reads from as far as the panels.
 */
export const remScale = () => parseFloat(getComputedStyle(document.documentElement).fontSize) / 16 || 1;

/** Calls fn when the rem scale changes (a window resized to a wall or back); returns the stop. */
export function onRemScaleChange(fn: (scale: number) => void): () => void {
  let last = remScale();
  let frame = 0;
  const check = () => {
    frame = 0;
    const now = remScale();
    if (now !== last) fn((last = now));
  };
  const onResize = () => {
    if (!frame) frame = requestAnimationFrame(check);
  };
  window.addEventListener('resize', onResize);
  return () => {
    cancelAnimationFrame(frame);
    window.removeEventListener('resize', onResize);
  };
}
