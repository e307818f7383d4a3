/**
 * Contour extraction off the UI thread: several surfaces on big grids take
 * tens of milliseconds each, which would stall orbiting and streaming charts.
 */
import { extractContours, type ContourInput, type ContourLine } from '../lib/contours.ts';

export interface ContourRequest {
  id: number;
  input: ContourInput;
}

export interface ContourResponse {
  id: number;
  lines: ContourLine[];
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ContourRequest>) => void) | null;
  postMessage(message: ContourResponse): void;
};

scope.onmessage = (event) => {
  const { id, input } = event.data;
  scope.postMessage({ id, lines: extractContours(input) });
};
