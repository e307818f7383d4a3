import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, REQUEST_NAMES, RequestSchemas, type RequestName } from '../../src-main/contract.ts';
import { parseRequest, RequestError } from '../../src-main/host/request-validation.ts';
import { SMALL_RECIPE, tinyExperiment } from './host-fixtures.ts';

const experiment = tinyExperiment();

/** For every request: one payload the contract accepts, and payloads it must refuse. */
const CASES: Record<RequestName, { good: unknown; bad: unknown[] }> = {
  'get-app-info': { good: {}, bad: [null, 'info', 42] },
  'list-activations': { good: {}, bad: [null, []] },
  'list-presets': { good: {}, bad: [null, 'tiny'] },
  'estimate-training': { good: { experiment }, bad: [{}, { experiment: { ...experiment, runs: [] } }] },
  'start-training': {
    good: { experiment },
    bad: [{ experiment: { ...experiment, runs: [{ ...experiment.runs[0], id: 'Not A Valid Id' }] } }, { experiment: { data: { source: 'imagenet' }, runs: experiment.runs } }],
  },
  'compute-surfaces': { good: { recipe: SMALL_RECIPE }, bad: [{ recipe: {} }, { recipe: SMALL_RECIPE, workers: 0 }, { recipe: { ...SMALL_RECIPE, x: { min: -1, max: 1, num: 0 } } }] },
  'estimate-surfaces': { good: { runIds: ['relu'], recipe: SMALL_RECIPE }, bad: [{ recipe: SMALL_RECIPE }, { runIds: [], recipe: SMALL_RECIPE }, { runIds: ['relu'], recipe: SMALL_RECIPE, workers: 0 }] },
  'cancel-job': { good: { jobId: 'abc123' }, bad: [{}, { jobId: '../../etc' }, { jobId: 7 }] },
  'open-snapshot': { good: { path: '/tmp/a.lab' }, bad: [{ path: '' }, { path: 42 }, { path: 'x'.repeat(5000) }] },
  'save-snapshot': { good: {}, bad: [{ path: '' }, { path: ['a'] }] },
  'list-recent': { good: {}, bad: [null] },
  export: { good: { format: 'csv' }, bad: [{}, { format: 'pdf' }, { format: 'png', png: 'not bytes' }] },
  'download-cifar10': { good: {}, bad: [null, 1] },
  'restart-engine': { good: {}, bad: [null, 'now'] },
  'list-reports': { good: {}, bad: [null] },
  'open-report': { good: { name: 'table2' }, bad: [{}, { name: '' }, { name: 'x'.repeat(201) }] },
  'list-studies': { good: {}, bad: [null] },
  'start-study': { good: { name: 'table2', scale: 'quick' }, bad: [{}, { name: 'table3' }, { name: 'table2', scale: 'tiny' }, { name: 'survey', scale: 'huge' }] },
};

describe('the contract request schemas', () => {
  it('has a test case for every request name', () => {
    expect(Object.keys(CASES).sort()).toEqual([...REQUEST_NAMES].sort());
  });

  describe.each(REQUEST_NAMES.map((name) => [name] as const))('%s', (name) => {
    it('accepts a well-formed payload', () => {
      expect(RequestSchemas[name].safeParse(CASES[name].good).success).toBe(true);
    });

    it.each(CASES[name].bad.map((payload) => [JSON.stringify(payload)?.slice(0, 60) ?? String(payload), payload]))('rejects %s', (_label, payload) => {
      expect(RequestSchemas[name].safeParse(payload).success).toBe(false);
      expect(() => parseRequest(name, payload)).toThrow(RequestError);
    });
  });

  it('names the request and the offending field in the refusal', () => {
    expect(() => parseRequest('cancel-job', { jobId: '../x' })).toThrow(/Invalid "cancel-job" request: jobId:/);
  });

  it('refuses request names the contract does not have', () => {
    expect(() => parseRequest('delete-everything', {})).toThrow(/Unknown request "delete-everything"/);
    expect(() => parseRequest('__proto__', {})).toThrow(RequestError);
  });

  it('fills in schema defaults for the service', () => {
    const parsed = parseRequest('compute-surfaces', { recipe: SMALL_RECIPE });
    expect(parsed.recipe.normalization).toBe('filter');
    expect(parsed.recipe.mode).toEqual({ kind: 'exact' });
  });
});

describe('the WebSocket wire codec', () => {
  it('round-trips typed arrays and non-finite numbers', () => {
    const values = new Float32Array([0.5, -1.25, NaN, Infinity, -Infinity, 3.4e38]);
    const bytes = new Uint8Array([0, 1, 127, 128, 255]);
    const text = encodeWire({ kind: 'event', name: 'x', payload: { values, bytes, nan: NaN, inf: Infinity, ninf: -Infinity, list: [1, NaN] } });
    const decoded = decodeWire(text);
    if (decoded.kind !== 'event') throw new Error('expected an event');
    const payload = decoded.payload as { values: Float32Array; bytes: Uint8Array; nan: number; inf: number; ninf: number; list: number[] };
    expect(payload.values).toBeInstanceOf(Float32Array);
    expect(Array.from(payload.values)).toEqual([0.5, -1.25, NaN, Infinity, -Infinity, 3.4e38].map((v) => Math.fround(v)));
    expect(payload.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(payload.bytes)).toEqual([0, 1, 127, 128, 255]);
    expect(payload.nan).toBeNaN();
    expect(payload.inf).toBe(Infinity);
    expect(payload.ninf).toBe(-Infinity);
    expect(payload.list[1]).toBeNaN();
  });

  it('round-trips a view of a larger buffer without its neighbours', () => {
    const whole = new Float32Array([1, 2, 3, 4, 5]);
    const decoded = decodeWire(encodeWire({ kind: 'response', id: 1, ok: true, result: whole.subarray(1, 3) }));
    expect(decoded.kind === 'response' && decoded.ok && Array.from(decoded.result as Float32Array)).toEqual([2, 3]);
  });
});
