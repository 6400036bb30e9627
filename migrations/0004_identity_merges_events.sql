CREATE TABLE "duplicate_candidates" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_a" uuid NOT NULL,
	"customer_b" uuid NOT NULL,
	"score" real NOT NULL,
	"signals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"found_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	"resolved_by" jsonb,
	CONSTRAINT "duplicate_candidates_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"workspace_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"type" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"touchpoint_id" uuid,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "events_workspace_id_message_id_pk" PRIMARY KEY("workspace_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "merge_blocks" (
	"workspace_id" uuid NOT NULL,
	"customer_a" uuid NOT NULL,
	"customer_b" uuid NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_by" jsonb NOT NULL,
	CONSTRAINT "merge_blocks_workspace_id_customer_a_customer_b_pk" PRIMARY KEY("workspace_id","customer_a","customer_b")
);
--> statement-breakpoint
CREATE TABLE "merge_moves" (
	"workspace_id" uuid NOT NULL,
	"merge_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	CONSTRAINT "merge_moves_workspace_id_merge_id_entity_entity_id_pk" PRIMARY KEY("workspace_id","merge_id","entity","entity_id")
);
--> statement-breakpoint
CREATE TABLE "merges" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"survivor_before" jsonb NOT NULL,
	"merged_before" jsonb NOT NULL,
	"survivor_after" jsonb NOT NULL,
	"decisions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"moved_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_by" jsonb NOT NULL,
	"undone_at" timestamp (3) with time zone,
	"undone_by" jsonb,
	CONSTRAINT "merges_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "duplicate_candidates_pair_key" ON "duplicate_candidates" USING btree ("workspace_id","customer_a","customer_b");--> statement-breakpoint
CREATE INDEX "duplicate_candidates_open_idx" ON "duplicate_candidates" USING btree ("workspace_id","score" DESC NULLS LAST,"id") WHERE "duplicate_candidates"."status" = 'open';--> statement-breakpoint
CREATE INDEX "merges_survivor_idx" ON "merges" USING btree ("workspace_id","survivor_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "merges_merged_idx" ON "merges" USING btree ("workspace_id","merged_id","created_at" DESC NULLS LAST);