// Every test file runs on one backend, chosen once here like every other entry point.
// LAB_TEST_BACKEND=cpu npm test runs the suite on the cpu backend instead of wasm.
import { chooseBackend } from '../../src-main/engine/backend.ts';

await chooseBackend(process.env.LAB_TEST_BACKEND ?? 'wasm');
