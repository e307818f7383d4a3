/** `npm run serve`: Landscape Lab in a browser. See web-host-command.ts for the options. */
import { parseWebHostArgs, runWebHost } from './web-host-command.ts';

try {
  await runWebHost(parseWebHostArgs(process.argv.slice(2)));
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
  if (!code?.startsWith('commander.')) console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
