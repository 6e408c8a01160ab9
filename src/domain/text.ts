/**
 * Text a person typed, as Baton stores it: line breaks as `\n`, and no control characters other
 * than newline and tab (a NUL cannot be stored in Postgres; the others only hide or garble text).
 */
export function cleanUserText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this removes.
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}
