import type * as TsFsrs from "ts-fsrs" with { "resolution-mode": "import" };

// ts-fsrs ships a CommonJS build, but its typings are ESM-only; load the CommonJS build with those types.
export const { fsrs, createEmptyCard, Rating } = require("ts-fsrs") as typeof TsFsrs;
export type Card = TsFsrs.Card;
export type Grade = TsFsrs.Grade;
