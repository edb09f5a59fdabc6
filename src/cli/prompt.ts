// Questions on the terminal: a yes/no before anything irreversible, and a PIN typed without echo.
// Asked only when stdin is a terminal; scripts pass --yes and --pin instead.

import { createInterface } from 'node:readline';

export const interactive = (): boolean => process.stdin.isTTY === true;

function ask(question: string, hidden: boolean): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (hidden) {
    // Echo nothing of what is typed after the question (readline writes each key through this).
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) write(question);
      else if (s.includes('\n')) write('\n');
    };
  }
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
    rl.on('SIGINT', () => {
      rl.close();
      process.emit('SIGINT');
    });
  });
}

export async function confirm(question: string): Promise<boolean> {
  return /^(y|yes)$/i.test(await ask(`${question} [y/N] `, false));
}

export function askPin(question = 'PIN: '): Promise<string> {
  return ask(question, true);
}
