import type { LearnloopEvents } from "@learnloop/events";
import { eventHandlers, type ConsumerDefinition } from "@learnloop/kit";
import { upsertCharacters } from "../modules/cards/cards.store";

const { on } = eventHandlers<LearnloopEvents>();

/**
 * Each character's kind and JLPT level, for insights' breakdowns, from content's publications.
 * Characters a later publication drops are kept: a learner's past reviews of them still count.
 */
export const catalogueConsumer: ConsumerDefinition<LearnloopEvents> = {
  purpose: "catalogue",
  handlers: [on("catalogue.characters.published", (payload, { manager }) => upsertCharacters(manager, payload))],
};
