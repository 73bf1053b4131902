-- Paced throttles (lib/rate-limit/reserve-pacing-slot.ts): per key, the earliest moment the next
-- send may start, by the database's clock, so every instance takes its turn from one timeline.
-- timestamptz: every session reads and writes the same instant whatever its TimeZone.
CREATE TABLE "PacingSlot" (
    "key" TEXT NOT NULL,
    "nextAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PacingSlot_pkey" PRIMARY KEY ("key")
);
