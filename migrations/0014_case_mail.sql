ALTER TABLE "case_messages" ADD COLUMN "email_message_id" text;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "email_in_reply_to" text;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "email_to" text;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "email_status" text;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "email_not_sent_reason" text;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "email_sent_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "email_last_error" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "email_message_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "case_messages_email_message_key" ON "case_messages" USING btree ("workspace_id","email_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_email_message_key" ON "cases" USING btree ("workspace_id","email_message_id");