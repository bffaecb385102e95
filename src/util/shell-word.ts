/**
 * `word` as one word for a POSIX shell, for the commands policyc prints for a user to run (a hint,
 * a generated file's banner): unchanged when it holds only characters no shell treats specially
 * anywhere in a word (`[A-Za-z0-9_./@%+=:,-]`), otherwise in single quotes, an embedded `'`
 * written `'\''`.
 */
export function shellWord(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
