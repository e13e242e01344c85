CREATE TABLE "role_assignment_counts" (
	"role_id" uuid NOT NULL,
	"delta" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "role_assignment_counts_role_id_idx" ON "role_assignment_counts" USING btree ("role_id");