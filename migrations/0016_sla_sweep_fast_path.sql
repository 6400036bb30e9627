DROP INDEX "case_slas_state_idx";--> statement-breakpoint
ALTER TABLE "case_slas" ADD COLUMN "reassign_at" timestamp (3) with time zone;--> statement-breakpoint
-- Stored targets become positional, [kind, target minutes, state, due, warning at] with the times
-- in epoch milliseconds; and every tracked case is evaluated in full by the next sweep, which
-- stores its auto-reassignment time (docs/decisions.md, "Stored SLA").
UPDATE "case_slas" SET "targets" = (
  SELECT coalesce(jsonb_agg(jsonb_build_array(
      t->'kind', t->'targetMinutes', t->'state',
      (extract(epoch from (t->>'dueAt')::timestamptz) * 1000)::float8,
      (extract(epoch from (t->>'warnAt')::timestamptz) * 1000)::float8) ORDER BY e.n), '[]'::jsonb)
  FROM jsonb_array_elements("targets") WITH ORDINALITY AS e(t, n))
WHERE jsonb_typeof("targets"->0) = 'object';--> statement-breakpoint
UPDATE "case_slas" SET "evaluated_at" = NULL, "check_at" = now() WHERE "check_at" IS NOT NULL;
