import { expect, it } from 'vitest';
import { cleanUserText } from '../../../src/domain/text';

it.each([
  ['plain text stays', 'Write the memo', 'Write the memo'],
  ['NUL goes', 'Fix \u0000 bug', 'Fix  bug'],
  ['bell, escape and DEL go', 'a\u0007b\u001bc\u007fd', 'abcd'],
  ['newlines and tabs stay', 'one\ntwo\tthree', 'one\ntwo\tthree'],
  ['CRLF and CR become LF', 'one\r\ntwo\rthree', 'one\ntwo\nthree'],
  ['mentions are left to the escaping', '<!channel>', '<!channel>'],
  ['emoji and accents stay', 'Café 🚀', 'Café 🚀'],
])('%s', (_, input, expected) => {
  expect(cleanUserText(input)).toBe(expected);
});
