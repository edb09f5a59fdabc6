// `discless`: the command line for batch sharing and receiving (README "Command line"). Each command
// parses its own options; every failure ends here as one line on stderr and a documented exit code.

import { parseCommand, EXIT_HELP, type Command } from './args';
import { describeError, exitCodeOf, EXIT, UsageError } from './exit';
import { getCommand } from './get';
import { revokeCommand, statusCommand } from './owner';
import { shareCommand } from './share';

const COMMANDS: Record<string, Command> = { share: shareCommand, get: getCommand, status: statusCommand, revoke: revokeCommand };

const HELP = `Usage: discless <command> [options]

Share DICOM studies end-to-end encrypted, and fetch shared ones, from a terminal.

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`)
  .join('\n')}

Run discless <command> --help for its options.

${EXIT_HELP}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const command = name === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
    process.stdout.write(`${command?.help ?? HELP}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`There is no command ${name}. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    const { values, positionals } = parseCommand(rest, command.options);
    if (values.help) {
      process.stdout.write(`${command.help}\n`);
      return EXIT.ok;
    }
    return await command.run(values, positionals);
  } catch (error) {
    process.stderr.write(`${describeError(error, command ? name : '')}\n`);
    return exitCodeOf(error);
  }
}

process.exitCode = await main(process.argv.slice(2));
