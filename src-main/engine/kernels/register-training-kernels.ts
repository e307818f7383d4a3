/** Placeholder: replaced by the replacement-kernel work (issue 2). */
export function registerTrainingKernels(_tfBackendName: string): void {}
