/**
 * Which way imports may point (checked by `npm run lint`):
 *
 *   contract ← engine-client ← engine ← host ← cli, main, launch
 *
 * `app-version.ts` and `user-folders.ts` are leaves anyone may use. The
 * renderer knows only the contract. No cycle anywhere, type-only imports
 * included (they are how a cycle usually starts).
 */
const layer = {
  contract: '^src-main/contract(\\.ts$|/)',
  engineClient: '^src-main/engine-client/',
  engine: '^src-main/engine/',
  host: '^src-main/host/',
  top: '^src-main/(cli/|cli\\.ts$|main\\.ts$|preload\\.ts$|launch/)',
  leaves: '^src-main/(app-version|user-folders)\\.ts$',
  renderer: '^src-renderer/',
};

/** A rule that `from` may not import `to`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'Modules import each other (directly or around a loop): move what both need into a module below them.',
      severity: 'error',
      from: { path: '^src-' },
      to: { circular: true },
    },
    forbid('contract-imports-only-contract', 'The contract is the bottom layer: it imports nothing else of the app.', layer.contract, `${layer.engineClient}|${layer.engine}|${layer.host}|${layer.top}|${layer.leaves}|${layer.renderer}`),
    forbid('leaves-import-nothing', 'app-version.ts and user-folders.ts are leaves.', layer.leaves, `^src-main/(?!(app-version|user-folders)\\.ts$)|${layer.renderer}`),
    forbid('engine-client-below-engine-and-host', 'The process client starts engine processes; it knows only the contract.', layer.engineClient, `${layer.engine}|${layer.host}|${layer.top}|${layer.renderer}`),
    forbid('engine-below-host', 'The engine never reaches up into a host or a command: what it shares with them goes in engine-client/ or the contract.', layer.engine, `${layer.host}|${layer.top}|${layer.renderer}`),
    forbid('host-below-commands', 'Hosts are used by main, cli and launch, never the other way.', layer.host, `${layer.top}|${layer.renderer}`),
    forbid('renderer-knows-only-the-contract', 'The renderer runs in a browser: of src-main it may import the contract only.', layer.renderer, `^src-main/(?!contract(\\.ts$|/))`),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|out|dist)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.svelte', '.json'] },
  },
};
