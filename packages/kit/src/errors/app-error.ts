import { GraphQLError } from "graphql";
import type { ErrorCode } from "./codes";

/**
 * The one error shape every subgraph and the gateway return: a stable UPPER_SNAKE
 * `extensions.code` that clients switch on, and a message safe to show.
 */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "You must be signed in.") {
    super("UNAUTHENTICATED", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this.") {
    super("FORBIDDEN", message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string) {
    // An id is short; a long one is the caller's input, not worth echoing whole.
    const shown = id && id.length > 80 ? `${id.slice(0, 79)}…` : id;
    super("NOT_FOUND", shown ? `${what} ${shown} was not found.` : `${what} was not found.`);
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super("BAD_USER_INPUT", message, extensions);
  }
}

export const ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;
