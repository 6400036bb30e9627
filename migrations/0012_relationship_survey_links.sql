CREATE TABLE "relationship_survey_links" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"secret_hash" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"created_by" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"response_id" uuid,
	"answered_at" timestamp (3) with time zone,
	CONSTRAINT "relationship_survey_links_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "relationship_survey_links_customer_idx" ON "relationship_survey_links" USING btree ("workspace_id","customer_id","created_at" DESC NULLS LAST);