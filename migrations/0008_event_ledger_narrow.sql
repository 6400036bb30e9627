ALTER TABLE "events" DROP COLUMN "customer_id";--> statement-breakpoint
ALTER TABLE "events" DROP COLUMN "touchpoint_id";