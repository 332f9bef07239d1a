// Performance marks for the network view, read by bench/network_view.mjs (and visible in the
// browser's performance panel). Each step is a mark "network:STEP"; measures span consecutive
// steps so the breakdown adds up to the time to first frame.
const STEPS = ["start", "fetched", "parsed", "graph", "sigma", "first-frame"] as const;
export type Step = (typeof STEPS)[number];

export function mark(step: Step): void {
  performance.mark(`network:${step}`);
  const i = STEPS.indexOf(step);
  if (i > 0) performance.measure(`network:${STEPS[i - 1]}->${step}`, `network:${STEPS[i - 1]}`, `network:${step}`);
}

// A new visit to the view starts a fresh set of marks.
export function resetMarks(): void {
  for (const s of STEPS) performance.clearMarks(`network:${s}`);
  performance.clearMeasures();
}
