/**
 * Names as the matcher compares them: lower case, accents removed (é → e, ø → o), apostrophes
 * dropped (O’Brien → obrien), hyphens and other punctuation turned into spaces (Smith-Jones →
 * smith jones), then split into tokens.
 */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øØ]/g, 'o')
    .replace(/[ß]/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[łŁ]/g, 'l')
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/**
 * A phonetic key per token (American Soundex, after a few English spellings are folded: ph → f,
 * ck → k, a leading kh/gh → k/g), so that "Muhammad" and "Mohammed" share `M530` and "Kahn" and
 * "Khan" share `K500`. A key, not a verdict: the score decides.
 */
export function phoneticKey(token: string): string {
  const word = token
    .replace(/[^a-z]/g, '')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/^kh/, 'k')
    .replace(/^gh/, 'g');
  if (word === '') return '';
  const first = word[0].toUpperCase();
  let key = '';
  let previous = SOUNDEX[word[0]] ?? '';
  for (const letter of word.slice(1)) {
    const code = SOUNDEX[letter];
    if (code === undefined) continue;
    if (code === '') {
      // vowels separate equal codes; h and w do not
      if (letter !== 'h' && letter !== 'w') previous = '';
      continue;
    }
    if (code !== previous) key += code;
    previous = code;
  }
  return (first + key + '000').slice(0, 4);
}

const SOUNDEX: Readonly<Record<string, string>> = {
  a: '',
  e: '',
  i: '',
  o: '',
  u: '',
  y: '',
  h: '',
  w: '',
  b: '1',
  f: '1',
  p: '1',
  v: '1',
  c: '2',
  g: '2',
  j: '2',
  k: '2',
  q: '2',
  s: '2',
  x: '2',
  z: '2',
  d: '3',
  t: '3',
  l: '4',
  m: '5',
  n: '5',
  r: '6',
};

/** Jaro-Winkler similarity of two strings, 0 (nothing alike) to 1 (equal). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i += 1) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j += 1) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = true;
      bMatched[j] = true;
      matches += 1;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i += 1) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j += 1;
    if (a[i] !== b[j]) transpositions += 1;
    j += 1;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix += 1;
  return jaro + prefix * 0.1 * (1 - jaro);
}
