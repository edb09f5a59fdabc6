// File names from a sender's disc, made safe to write on the receiver's: the export's zip entries
// and the command line's output folder both use them.

/**
 * A relative path that stays inside the folder it is written to, in names every file system takes:
 * no "..", no drive letters or leading slashes, no characters Windows refuses.
 */
export function safeRelativePath(path: string): string {
  const parts = path
    .split(/[\\/]+/)
    .map((part) => part.replace(/[<>:"|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/, ''))
    .filter((part) => part !== '' && part !== '.' && part !== '..');
  return parts.join('/') || 'unnamed';
}

/** Names made unique, whatever their case: a second file of a name gets "~2" before its extension. */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; seen.has(candidate.toLowerCase()); n++) candidate = name.replace(/(\.[^./]*)?$/, `~${n}$1`);
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}
