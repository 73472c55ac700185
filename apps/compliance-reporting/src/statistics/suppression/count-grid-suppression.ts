/**
 * Small-number suppression of a table of counts (domain §6; ADR 095). Pure: no I/O.
 *
 * A **suppressed** cell is published as {@link SUPPRESSED} (`{ suppressed: true }`; `c` in CSV),
 * never as 0 or blank, and never with the reason: telling primary from secondary would tell
 * which cells are small.
 *
 * The rule:
 * 1. **Primary**: a count `n` with `0 < n < threshold` is suppressed (default threshold 5:
 *    "fewer than 5"). That includes a published total. A true **zero is shown**, as the Home
 *    Office release does: it tells that nobody is counted there, which identifies no one.
 * 2. **Secondary**: the table is read with its margins as a grid of (R+1) × (C+1) entries, the
 *    last row being the column totals and the last column the row totals (the corner the grand
 *    total). Every line of that grid is one linear equation (its entries add up to its total).
 *    Margins the table does not publish are unknowns too (never protected; nothing to hide).
 *    Drawn as a bipartite graph — a node per line, an edge per unknown entry — an unknown is
 *    worked out from the equations exactly when its edge is a **bridge** (on no cycle). So,
 *    until no suppressed entry is a bridge, another entry is suppressed: in a line where the
 *    suppressed entry is the only unknown, the smallest cell of that line (preferring a cell
 *    whose other line already has an unknown, so that a cycle closes; then a cell before a
 *    total; then a non-zero before a zero); otherwise the smallest cell joining the two sides
 *    the bridge separates. If nothing can be chosen, every entry is suppressed.
 */
export const SUPPRESSED: Suppressed = Object.freeze({ suppressed: true as const });
export interface Suppressed {
  readonly suppressed: true;
}

export function isSuppressed(value: unknown): value is Suppressed {
  return typeof value === 'object' && value !== null && (value as { suppressed?: unknown }).suppressed === true;
}

/** A published value: a number, `null` where the value is undefined, or suppressed. */
export type PublishedValue = number | null | Suppressed;

/** Counts below the threshold are suppressed. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

export interface SuppressionPolicy {
  /** Counts `0 < n < threshold` are suppressed; a whole number of at least 1. */
  readonly threshold: number;
}

/**
 * A table of counts and the totals it publishes. A total is read as the sum of its line (that is
 * what someone working a cell back would assume); its published value is the one given here, or
 * the sum when the table gives none. An absent or `null` total is not published.
 */
export interface CountGrid {
  /** Rows of cells; `null` is no value (it counts as nothing in a total). */
  readonly cells: readonly (readonly (number | null)[])[];
  /** The total of each column (over the rows), when published: values, or `'sum'`. */
  readonly columnTotals?: readonly (number | null)[] | 'sum';
  /** The total of each row (across the columns), when published: values, or `'sum'`. */
  readonly rowTotals?: readonly (number | null)[] | 'sum';
  /** The grand total, when published: a value, or `'sum'`. */
  readonly grandTotal?: number | null | 'sum';
}

export interface SuppressedGrid {
  readonly cells: PublishedValue[][];
  /** Present when the grid publishes them. */
  readonly columnTotals?: PublishedValue[];
  readonly rowTotals?: PublishedValue[];
  readonly grandTotal?: PublishedValue;
}

type Status = 'shown' | 'null' | 'unpublished' | 'suppressed';

interface Entry {
  readonly row: number;
  readonly column: number;
  readonly value: number;
  status: Status;
}

export function assertPolicy(policy: SuppressionPolicy): void {
  if (!Number.isInteger(policy.threshold) || policy.threshold < 1) {
    throw new RangeError(`The suppression threshold must be a whole number of at least 1 (got ${policy.threshold})`);
  }
}

export function suppressCountGrid(grid: CountGrid, policy: SuppressionPolicy): SuppressedGrid {
  assertPolicy(policy);
  const rows = grid.cells.length;
  const columns = rows === 0 ? 0 : Math.max(...grid.cells.map((row) => row.length));
  const entries = extendedGrid(grid, rows, columns);

  for (const line of entries) {
    for (const entry of line) {
      if (entry.status === 'shown' && entry.value > 0 && entry.value < policy.threshold) entry.status = 'suppressed';
    }
  }
  protectSuppressed(entries, rows, columns);

  const publish = (entry: Entry): PublishedValue =>
    entry.status === 'suppressed' ? SUPPRESSED : entry.status === 'shown' ? entry.value : null;
  return {
    cells: entries.slice(0, rows).map((line) => line.slice(0, columns).map(publish)),
    ...(grid.columnTotals !== undefined ? { columnTotals: entries[rows].slice(0, columns).map(publish) } : {}),
    ...(grid.rowTotals !== undefined
      ? { rowTotals: entries.slice(0, rows).map((line) => publish(line[columns])) }
      : {}),
    ...(grid.grandTotal !== undefined ? { grandTotal: publish(entries[rows][columns]) } : {}),
  };
}

function extendedGrid(grid: CountGrid, rows: number, columns: number): Entry[][] {
  const cell = (row: number, column: number) => grid.cells[row]?.[column] ?? null;
  const entries: Entry[][] = [];
  for (let row = 0; row <= rows; row += 1) {
    const line: Entry[] = [];
    for (let column = 0; column <= columns; column += 1) {
      if (row < rows && column < columns) {
        const value = cell(row, column);
        if (value !== null && (!Number.isInteger(value) || value < 0)) {
          throw new RangeError(`A count must be a whole number of at least 0 (got ${value} at ${row},${column})`);
        }
        line.push({ row, column, value: value ?? 0, status: value === null ? 'null' : 'shown' });
      } else {
        let sum = 0;
        if (row === rows && column === columns) {
          for (let r = 0; r < rows; r += 1) for (let c = 0; c < columns; c += 1) sum += cell(r, c) ?? 0;
        } else if (row === rows) {
          for (let r = 0; r < rows; r += 1) sum += cell(r, column) ?? 0;
        } else {
          for (let c = 0; c < columns; c += 1) sum += cell(row, c) ?? 0;
        }
        const given =
          row === rows && column === columns
            ? grid.grandTotal
            : row === rows
              ? grid.columnTotals === 'sum'
                ? 'sum'
                : grid.columnTotals?.[column]
              : grid.rowTotals === 'sum'
                ? 'sum'
                : grid.rowTotals?.[row];
        const value = given === 'sum' ? sum : given;
        if (value === undefined || value === null) {
          line.push({ row, column, value: sum, status: 'unpublished' });
        } else {
          if (!Number.isInteger(value) || value < 0) {
            throw new RangeError(`A total must be a whole number of at least 0 (got ${value})`);
          }
          line.push({ row, column, value, status: 'shown' });
        }
      }
    }
    entries.push(line);
  }
  return entries;
}

const isUnknown = (entry: Entry) => entry.status === 'suppressed' || entry.status === 'unpublished';

/** Nodes: rows 0..rows (the last is the column totals), then columns 0..columns (the last the row totals). */
function protectSuppressed(entries: Entry[][], rows: number, columns: number): void {
  const nodeCount = rows + 1 + columns + 1;
  const rowNode = (entry: Entry) => entry.row;
  const columnNode = (entry: Entry) => rows + 1 + entry.column;
  const all = entries.flat();
  const lineOf = (node: number): Entry[] =>
    node <= rows ? entries[node] : entries.map((line) => line[node - (rows + 1)]);
  const isMargin = (entry: Entry) => entry.row === rows || entry.column === columns;

  for (;;) {
    const unknown = all.filter(isUnknown);
    const degree = new Array<number>(nodeCount).fill(0);
    for (const entry of unknown) {
      degree[rowNode(entry)] += 1;
      degree[columnNode(entry)] += 1;
    }
    const bridge = findBridges(nodeCount, unknown, rowNode, columnNode).find((entry) => entry.status === 'suppressed');
    if (!bridge) return;

    const rank = (preferClosing: boolean) => (a: Entry, b: Entry) => {
      const key = (entry: Entry) => [
        preferClosing ? (Math.min(degree[rowNode(entry)], degree[columnNode(entry)]) > 0 ? 0 : 1) : 0,
        isMargin(entry) ? 1 : 0,
        entry.value === 0 ? 1 : 0,
        entry.value,
        entry.row,
        entry.column,
      ];
      const [ka, kb] = [key(a), key(b)];
      for (let i = 0; i < ka.length; i += 1) if (ka[i] !== kb[i]) return ka[i] - kb[i];
      return 0;
    };

    let candidates: Entry[] = [];
    const lonely = [rowNode(bridge), columnNode(bridge)].find((node) => degree[node] === 1);
    if (lonely !== undefined) {
      candidates = lineOf(lonely)
        .filter((entry) => entry.status === 'shown')
        .sort(rank(true));
    } else {
      const side = sideOf(nodeCount, unknown, rowNode, columnNode, bridge);
      candidates = all
        .filter((entry) => entry.status === 'shown' && side[rowNode(entry)] * side[columnNode(entry)] === 2)
        .sort(rank(false));
    }
    if (candidates.length === 0) {
      const shown = all.filter((entry) => entry.status === 'shown');
      if (shown.length === 0) return;
      for (const entry of shown) entry.status = 'suppressed';
      continue;
    }
    candidates[0].status = 'suppressed';
  }
}

/** The unknown entries that are bridges of the line graph (Tarjan, iterative). */
function findBridges(
  nodeCount: number,
  edges: readonly Entry[],
  from: (entry: Entry) => number,
  to: (entry: Entry) => number,
): Entry[] {
  const adjacent: { node: number; edge: number }[][] = Array.from({ length: nodeCount }, () => []);
  edges.forEach((edge, index) => {
    adjacent[from(edge)].push({ node: to(edge), edge: index });
    adjacent[to(edge)].push({ node: from(edge), edge: index });
  });
  const order = new Array<number>(nodeCount).fill(-1);
  const low = new Array<number>(nodeCount).fill(0);
  const bridges: Entry[] = [];
  let counter = 0;
  for (let start = 0; start < nodeCount; start += 1) {
    if (order[start] !== -1) continue;
    const stack: { node: number; viaEdge: number; next: number }[] = [{ node: start, viaEdge: -1, next: 0 }];
    order[start] = low[start] = counter++;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next < adjacent[frame.node].length) {
        const { node, edge } = adjacent[frame.node][frame.next++];
        if (edge === frame.viaEdge) continue;
        if (order[node] === -1) {
          order[node] = low[node] = counter++;
          stack.push({ node, viaEdge: edge, next: 0 });
        } else {
          low[frame.node] = Math.min(low[frame.node], order[node]);
        }
      } else {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) {
          low[parent.node] = Math.min(low[parent.node], low[frame.node]);
          if (low[frame.node] > order[parent.node]) bridges.push(edges[frame.viaEdge]);
        }
      }
    }
  }
  return bridges;
}

/** For each node once the bridge is taken out: 1 on its column's side, 2 on its row's side, 0 on neither. */
function sideOf(
  nodeCount: number,
  edges: readonly Entry[],
  from: (entry: Entry) => number,
  to: (entry: Entry) => number,
  bridge: Entry,
): number[] {
  const adjacent: number[][] = Array.from({ length: nodeCount }, () => []);
  for (const edge of edges) {
    if (edge === bridge) continue;
    adjacent[from(edge)].push(to(edge));
    adjacent[to(edge)].push(from(edge));
  }
  const side = new Array<number>(nodeCount).fill(0);
  for (const [start, mark] of [
    [to(bridge), 1],
    [from(bridge), 2],
  ] as const) {
    const queue = [start];
    side[start] = mark;
    while (queue.length > 0) {
      const node = queue.pop() as number;
      for (const next of adjacent[node]) {
        if (side[next] === 0) {
          side[next] = mark;
          queue.push(next);
        }
      }
    }
  }
  return side;
}
