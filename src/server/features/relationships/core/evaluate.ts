/**
 * How well inferred types match known ones (the demo's planted types): top-1 accuracy, the
 * confusion matrix and per-type precision and recall.
 */
import { RELATIONSHIP_TYPES, type RelationshipType } from '../../../../shared/contracts/relationships.js';

export interface Evaluation {
  /** Share of customers whose inferred type is the known one, 0–1 (0 when n is 0). */
  accuracy: number;
  n: number;
  /** confusion[known][inferred] = customers; every type appears as a row and a column. */
  confusion: Record<RelationshipType, Record<RelationshipType, number>>;
  perType: Record<RelationshipType, { n: number; precision: number | null; recall: number | null }>;
}

/**
 * @example
 * evaluateTypes([{ known: 'fling', inferred: 'fling' }, { known: 'fling', inferred: 'courtship' }]).accuracy // 0.5
 */
export function evaluateTypes(
  pairs: Iterable<{ known: RelationshipType; inferred: RelationshipType }>,
): Evaluation {
  const zeros = () =>
    Object.fromEntries(RELATIONSHIP_TYPES.map((t) => [t, 0])) as Record<RelationshipType, number>;
  const confusion = Object.fromEntries(
    RELATIONSHIP_TYPES.map((t) => [t, zeros()]),
  ) as Evaluation['confusion'];
  let n = 0;
  let hits = 0;
  for (const { known, inferred } of pairs) {
    confusion[known][inferred]++;
    n++;
    if (known === inferred) hits++;
  }
  const perType = {} as Evaluation['perType'];
  for (const t of RELATIONSHIP_TYPES) {
    const row = RELATIONSHIP_TYPES.reduce((s, u) => s + confusion[t][u], 0);
    const column = RELATIONSHIP_TYPES.reduce((s, u) => s + confusion[u][t], 0);
    const hit = confusion[t][t];
    perType[t] = { n: row, precision: column ? hit / column : null, recall: row ? hit / row : null };
  }
  return { accuracy: n ? hits / n : 0, n, confusion, perType };
}
