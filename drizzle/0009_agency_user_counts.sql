CREATE TABLE "agency_user_counts" (
	"agency_id" uuid NOT NULL,
	"delta" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "agency_user_counts_agency_id_idx" ON "agency_user_counts" USING btree ("agency_id");