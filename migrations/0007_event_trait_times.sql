ALTER TABLE "events" ALTER COLUMN "customer_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "trait_times" jsonb DEFAULT '{}'::jsonb NOT NULL;