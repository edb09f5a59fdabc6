// Messages are plain text. Where one value of a message needs markup of its own (a <strong>, a span
// with a test id), the message is rendered with a mark in its place and split there, so translators
// still see one sentence and may move the value anywhere in it.

const MARK = '\u{E000}';

/** The text before and after the value: `around((date) => m.handout_until({ date }))`. */
export function around(message: (value: string) => string): [string, string] {
  const [before, after = ''] = message(MARK).split(MARK);
  return [before, after];
}
