/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends " $fragmentName" | "__typename" ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from "@graphql-typed-document-node/core";
export type CharacterKind = "HIRAGANA" | "KANJI" | "KATAKANA";

/** One event a client saw. Checked by track: see its description. */
export type ClientEventInput = {
  /** SESSION_END only, and required there: the session's length in seconds, 0 to 86400. */
  durationSeconds?: number | null | undefined;
  /** ISO 8601 with a zone, such as 2026-12-01T18:00:00.000Z: at most a minute ahead, at most 7 days old. */
  occurredAt: string;
  /** SCREEN_VIEW only, and required there: the screen's name, 1 to 100 of letters, digits and `_ . / -`. */
  screen?: string | null | undefined;
  type: ClientEventType;
};

/** What a client reports of a learner's use of it. */
export type ClientEventType = "SCREEN_VIEW" | "SESSION_END" | "SESSION_START";

export type CompleteLessonInput = {
  /** Characters the lesson taught, each one of the lesson's own; they join the review queue. Omitted: none are added. */
  learnedCharacterIds?: Array<string | number> | null | undefined;
  lessonId: string | number;
  /** Score from 0 to 1; defaults to 1. */
  score?: number | null | undefined;
};

/** A report's window, in UTC: from inclusive, to exclusive; to after from, at most 400 days. */
export type DateRangeInput = {
  /** The first instant of the window (inclusive). */
  from: string;
  /** The end of the window (exclusive). */
  to: string;
};

/** What a plan unlocks. */
export type Feature = "GROUP_CREATION" | "LEARNING_INSIGHTS" | "SPEAKING_PRACTICE" | "UNLIMITED_REVIEWS";

/** The steps from sign-up to a paid plan, in order. */
export type FunnelStepName =
  /** Any lesson.completed. */
  | "FIRST_LESSON"
  /** An entitlements.changed to PLUS or PRO, ACTIVE or TRIALING. */
  | "PAID"
  /** A progress.updated with currentStreak >= 7, or a streak.milestone of 7 days or more. */
  | "SEVEN_DAY_STREAK"
  /** A user.created in the range. */
  | "SIGNED_UP";

/** What a studied item is: hiragana and katakana are KANA. */
export type ItemKind = "KANA" | "KANJI" | "VOCABULARY";

export type LessonKind = "KANA" | "KANJI" | "VOCABULARY";

/** What a notification is about. */
export type NotificationCategory = "ACHIEVEMENT" | "BILLING" | "COACHING" | "LESSON" | "LEVEL" | "STREAK" | "SYSTEM" | "WELCOME";

/** Where a notification is delivered. */
export type NotificationChannel = "EMAIL" | "IN_APP";

export type NotificationPreferenceInput = {
  category: NotificationCategory;
  channel: NotificationChannel;
  enabled: boolean;
};

/** Learnloop's plans: Free to start, Plus and Pro paid through Stripe. */
export type Plan = "FREE" | "PLUS" | "PRO";

/** Who may see a user's profile (user(id:)), XP and level, and their lesson activity. */
export type ProfileVisibility =
  /** Only the user. The default. */
  | "PRIVATE"
  /** Everyone, signed in or not. */
  | "PUBLIC";

/** The activity that changed a learner's progress. */
export type ProgressCause = "LESSON_COMPLETED" | "REVIEW_RECORDED";

export type QuietHoursInput = {
  /** Local end time, "HH:MM" such as "07:00"; earlier than start to wrap midnight. */
  end: string;
  /** Local start time, "HH:MM" such as "22:00". */
  start: string;
};

export type RecordReviewInput = {
  characterId: string | number;
  rating: ReviewRating;
};

/** How well the learner recalled the item (FSRS grades). */
export type ReviewRating = "AGAIN" | "EASY" | "GOOD" | "HARD";

export type ReviewState = "LEARNING" | "NEW" | "RELEARNING" | "REVIEW";

/** Stripe's subscription status; Free is always ACTIVE. */
export type SubscriptionStatus = "ACTIVE" | "CANCELED" | "INCOMPLETE" | "PAST_DUE" | "PAUSED" | "TRIALING" | "UNPAID";

/** Settings to change; anything omitted stays as it is. */
export type UpdateNotificationPreferencesInput = {
  /** New quiet hours; null removes them. */
  quietHours?: QuietHoursInput | null | undefined;
  /** Channel × category switches to set. */
  settings?: Array<NotificationPreferenceInput> | null | undefined;
};

/** What a user may do beyond learning. Granted in Clerk (public metadata or organisation role), never through this API. */
export type UserRole =
  /** Administers the platform, including audit trails. */
  | "ADMIN"
  /** Reviews reported community content. */
  | "MODERATOR"
  /** A machine caller (M2M token), not a person. */
  | "SERVICE"
  /** Learnloop staff: support and reports. */
  | "STAFF";

export type Weekday = "FRIDAY" | "MONDAY" | "SATURDAY" | "SUNDAY" | "THURSDAY" | "TUESDAY" | "WEDNESDAY";

export type TrackMutationVariables = Exact<{
  events: Array<ClientEventInput> | ClientEventInput;
}>;

export type TrackMutation = { track: { accepted: number } };

export type PlansQueryVariables = Exact<{ [key: string]: never }>;

export type PlansQuery = {
  plans: Array<{ plan: Plan; paid: boolean; features: Array<Feature> }>;
  mySubscription: {
    plan: Plan;
    status: SubscriptionStatus;
    features: Array<Feature>;
    currentPeriodEnd: string | null;
    cancelAtPeriodEnd: boolean;
    graceEndsAt: string | null;
  };
};

export type StartCheckoutMutationVariables = Exact<{
  plan: Plan;
}>;

export type StartCheckoutMutation = { startCheckout: { url: string } };

export type OpenBillingPortalMutationVariables = Exact<{ [key: string]: never }>;

export type OpenBillingPortalMutation = { openBillingPortal: { url: string } };

export type MyPlanQueryVariables = Exact<{ [key: string]: never }>;

export type MyPlanQuery = { mySubscription: { plan: Plan; status: SubscriptionStatus } };

export type CoursesQueryVariables = Exact<{
  first?: number | null | undefined;
}>;

export type CoursesQuery = {
  courses: {
    edges: Array<{
      node: {
        id: string;
        title: string;
        description: string;
        myProgress: { lessonsCompleted: number; lessonsTotal: number; nextLesson: { id: string; title: string } | null } | null;
      };
    }>;
  };
};

export type CourseLessonsQueryVariables = Exact<{
  courseId: string | number;
  first?: number | null | undefined;
}>;

export type CourseLessonsQuery = {
  lessons: {
    edges: Array<{ node: { id: string; title: string; kind: LessonKind; completedByMe: boolean; unit: { id: string; title: string } } }>;
  };
};

export type PlansPageHeadlineQueryVariables = Exact<{ [key: string]: never }>;

export type PlansPageHeadlineQuery = { me: { id: string; experimentVariant: { experiment: string; variant: string } | null } };

export type InsightsQueryVariables = Exact<{ [key: string]: never }>;

export type InsightsQuery = {
  me: {
    id: string;
    insights: {
      reviewsLast30Days: number;
      lessonsCompletedLast30Days: number;
      averageLessonScoreLast30Days: number | null;
      studyMinutesByWeekday: Array<{ weekday: Weekday; minutes: number }>;
      accuracyByJlptLevel: Array<{ jlptLevel: number | null; reviews: number; accuracy: number | null }>;
      accuracyByKind: Array<{ kind: ItemKind; reviews: number; accuracy: number | null }>;
      retention: { cards: number; averageStabilityDays: number | null; predictedRecallNow: number | null };
      studyMinutesByHour: Array<{ hour: number; minutes: number }>;
      dueNext14Days: Array<{ date: string; count: number }>;
      weakestItems: Array<{ reviews: number; accuracy: number; predictedRecallNow: number; character: { id: string; literal: string } }>;
    };
  };
};

export type LessonQueryVariables = Exact<{
  id: string | number;
}>;

export type LessonQuery = {
  lesson: {
    id: string;
    title: string;
    kind: LessonKind;
    completedByMe: boolean;
    xpForCompletion: number;
    course: { id: string; title: string };
    characters: Array<{
      id: string;
      literal: string;
      kind: CharacterKind;
      romaji: string | null;
      onReadings: Array<string>;
      kunReadings: Array<string>;
      meanings: Array<string>;
      strokes: Array<string> | null;
      examples: Array<{ id: string; written: string; reading: string; meanings: Array<string> }>;
    }>;
    vocabulary: Array<{ id: string; written: string; reading: string; romaji: string; meanings: Array<string> }>;
    myCompletion: { timesCompleted: number; bestScore: number; lastCompletedAt: string } | null;
  };
};

export type CompleteLessonMutationVariables = Exact<{
  input: CompleteLessonInput;
}>;

export type CompleteLessonMutation = {
  completeLesson: {
    xpAwarded: number;
    leveledUp: boolean;
    newReviewItems: number;
    completion: {
      lesson: {
        id: string;
        completedByMe: boolean;
        xpForCompletion: number;
        myCompletion: { timesCompleted: number; bestScore: number; lastCompletedAt: string } | null;
      };
    };
    user: { id: string; xp: number; level: number; currentStreak: number; longestStreak: number };
  };
};

export type SignInCheckQueryVariables = Exact<{ [key: string]: never }>;

export type SignInCheckQuery = { me: { id: string } };

export type MeQueryVariables = Exact<{ [key: string]: never }>;

export type MeQuery = {
  me: {
    id: string;
    displayName: string;
    avatarUrl: string | null;
    xp: number;
    level: number;
    currentStreak: number;
    longestStreak: number;
    unreadNotificationCount: number;
    profileVisibility: ProfileVisibility;
    locale: string;
    timezone: string;
    roles: Array<UserRole>;
  };
};

export type UpdateProfileVisibilityMutationVariables = Exact<{
  visibility: ProfileVisibility;
}>;

export type UpdateProfileVisibilityMutation = { updateProfile: { id: string; profileVisibility: ProfileVisibility } };

export type UpdateLocaleMutationVariables = Exact<{
  locale: string;
}>;

export type UpdateLocaleMutation = { updateProfile: { id: string; locale: string } };

export type UpdateProfileDetailsMutationVariables = Exact<{
  displayName: string;
  timezone: string;
}>;

export type UpdateProfileDetailsMutation = { updateProfile: { id: string; displayName: string; timezone: string } };

export type ProgressUpdatedSubscriptionVariables = Exact<{ [key: string]: never }>;

export type ProgressUpdatedSubscription = {
  progressUpdated: { cause: ProgressCause; xp: number; xpAwarded: number; level: number; currentStreak: number; occurredAt: string } | null;
};

export type NotificationsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;

export type NotificationsQuery = {
  me: {
    id: string;
    unreadNotificationCount: number;
    notifications: {
      edges: Array<{ node: { id: string; category: NotificationCategory; title: string; body: string; createdAt: string; read: boolean } }>;
    };
  };
};

export type MarkNotificationReadMutationVariables = Exact<{
  id: string | number;
}>;

export type MarkNotificationReadMutation = { markNotificationRead: { id: string; read: boolean; readAt: string | null } };

export type MarkAllNotificationsReadMutationVariables = Exact<{ [key: string]: never }>;

export type MarkAllNotificationsReadMutation = { markAllNotificationsRead: number };

export type NotificationAddedSubscriptionVariables = Exact<{ [key: string]: never }>;

export type NotificationAddedSubscription = {
  notificationAdded: { id: string; category: NotificationCategory; title: string; body: string; createdAt: string; read: boolean } | null;
};

export type NotificationPreferencesQueryVariables = Exact<{ [key: string]: never }>;

export type NotificationPreferencesQuery = {
  me: {
    id: string;
    notificationPreferences: {
      settings: Array<{ channel: NotificationChannel; category: NotificationCategory; enabled: boolean }>;
      quietHours: { start: string; end: string } | null;
    };
  };
};

export type UpdateNotificationPreferencesMutationVariables = Exact<{
  input: UpdateNotificationPreferencesInput;
}>;

export type UpdateNotificationPreferencesMutation = {
  updateNotificationPreferences: {
    settings: Array<{ channel: NotificationChannel; category: NotificationCategory; enabled: boolean }>;
    quietHours: { start: string; end: string } | null;
  };
};

export type ReportsQueryVariables = Exact<{
  range: DateRangeInput;
  weeks: number;
}>;

export type ReportsQuery = {
  activeUsersReport: Array<{ date: string; dau: number; wau: number; mau: number }>;
  retentionCohortReport: Array<{ cohortWeek: string; size: number; retained: Array<number> }>;
  funnelReport: Array<{ step: FunnelStepName; users: number; conversionFromPrevious: number | null }>;
  lessonCompletionReport: Array<{ learners: number; completions: number; dropOff: number | null; lesson: { id: string; title: string } }>;
  notificationEngagementReport: Array<{ category: string; sent: number; read: number; readRate: number | null }>;
};

export type StrugglingLearnersQueryVariables = Exact<{
  first?: number | null | undefined;
}>;

export type StrugglingLearnersQuery = {
  strugglingLearners: {
    edges: Array<{
      node: { score: number; flaggedAt: string; user: { id: string }; reasons: Array<{ rule: string; explanation: string }> };
    }>;
  };
};

export type ReviewQueueQueryVariables = Exact<{
  limit?: number;
}>;

export type ReviewQueueQuery = {
  reviewQueue: Array<{
    id: string;
    due: string;
    reviewState: ReviewState;
    character: {
      id: string;
      literal: string;
      kind: CharacterKind;
      romaji: string | null;
      onReadings: Array<string>;
      kunReadings: Array<string>;
      meanings: Array<string>;
    };
    schedulePreview: Array<{ rating: ReviewRating; due: string; intervalSeconds: number }>;
  }>;
};

export type RecordReviewMutationVariables = Exact<{
  input: RecordReviewInput;
}>;

export type RecordReviewMutation = { recordReview: { id: string; due: string; reviewState: ReviewState; reps: number; lapses: number } };

export type NextReviewQueryVariables = Exact<{ [key: string]: never }>;

export type NextReviewQuery = { me: { id: string; nextReviewAt: string | null } };

export const TrackDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "Track" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "events" } },
          type: {
            kind: "NonNullType",
            type: {
              kind: "ListType",
              type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ClientEventInput" } } },
            },
          },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "track" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "events" },
                value: { kind: "Variable", name: { kind: "Name", value: "events" } },
              },
            ],
            selectionSet: { kind: "SelectionSet", selections: [{ kind: "Field", name: { kind: "Name", value: "accepted" } }] },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<TrackMutation, TrackMutationVariables>;
export const PlansDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "Plans" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "plans" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "plan" } },
                { kind: "Field", name: { kind: "Name", value: "paid" } },
                { kind: "Field", name: { kind: "Name", value: "features" } },
              ],
            },
          },
          {
            kind: "Field",
            name: { kind: "Name", value: "mySubscription" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "plan" } },
                { kind: "Field", name: { kind: "Name", value: "status" } },
                { kind: "Field", name: { kind: "Name", value: "features" } },
                { kind: "Field", name: { kind: "Name", value: "currentPeriodEnd" } },
                { kind: "Field", name: { kind: "Name", value: "cancelAtPeriodEnd" } },
                { kind: "Field", name: { kind: "Name", value: "graceEndsAt" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PlansQuery, PlansQueryVariables>;
export const StartCheckoutDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "StartCheckout" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "plan" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "Plan" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "startCheckout" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "plan" },
                value: { kind: "Variable", name: { kind: "Name", value: "plan" } },
              },
            ],
            selectionSet: { kind: "SelectionSet", selections: [{ kind: "Field", name: { kind: "Name", value: "url" } }] },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<StartCheckoutMutation, StartCheckoutMutationVariables>;
export const OpenBillingPortalDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "OpenBillingPortal" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "openBillingPortal" },
            selectionSet: { kind: "SelectionSet", selections: [{ kind: "Field", name: { kind: "Name", value: "url" } }] },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<OpenBillingPortalMutation, OpenBillingPortalMutationVariables>;
export const MyPlanDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "MyPlan" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "mySubscription" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "plan" } },
                { kind: "Field", name: { kind: "Name", value: "status" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<MyPlanQuery, MyPlanQueryVariables>;
export const CoursesDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "Courses" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "first" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "Int" } },
          defaultValue: { kind: "IntValue", value: "20" },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "courses" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "first" },
                value: { kind: "Variable", name: { kind: "Name", value: "first" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                {
                  kind: "Field",
                  name: { kind: "Name", value: "edges" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "node" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "id" } },
                            { kind: "Field", name: { kind: "Name", value: "title" } },
                            { kind: "Field", name: { kind: "Name", value: "description" } },
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "myProgress" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "lessonsCompleted" } },
                                  { kind: "Field", name: { kind: "Name", value: "lessonsTotal" } },
                                  {
                                    kind: "Field",
                                    name: { kind: "Name", value: "nextLesson" },
                                    selectionSet: {
                                      kind: "SelectionSet",
                                      selections: [
                                        { kind: "Field", name: { kind: "Name", value: "id" } },
                                        { kind: "Field", name: { kind: "Name", value: "title" } },
                                      ],
                                    },
                                  },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CoursesQuery, CoursesQueryVariables>;
export const CourseLessonsDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "CourseLessons" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "courseId" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ID" } } },
        },
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "first" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "Int" } },
          defaultValue: { kind: "IntValue", value: "100" },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "lessons" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "courseId" },
                value: { kind: "Variable", name: { kind: "Name", value: "courseId" } },
              },
              {
                kind: "Argument",
                name: { kind: "Name", value: "first" },
                value: { kind: "Variable", name: { kind: "Name", value: "first" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                {
                  kind: "Field",
                  name: { kind: "Name", value: "edges" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "node" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "id" } },
                            { kind: "Field", name: { kind: "Name", value: "title" } },
                            { kind: "Field", name: { kind: "Name", value: "kind" } },
                            { kind: "Field", name: { kind: "Name", value: "completedByMe" } },
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "unit" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "id" } },
                                  { kind: "Field", name: { kind: "Name", value: "title" } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CourseLessonsQuery, CourseLessonsQueryVariables>;
export const PlansPageHeadlineDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "PlansPageHeadline" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "me" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "experimentVariant" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "key" },
                      value: { kind: "StringValue", value: "plans-page-headline", block: false },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "experiment" } },
                      { kind: "Field", name: { kind: "Name", value: "variant" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<PlansPageHeadlineQuery, PlansPageHeadlineQueryVariables>;
export const InsightsDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "Insights" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "me" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "insights" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "reviewsLast30Days" } },
                      { kind: "Field", name: { kind: "Name", value: "lessonsCompletedLast30Days" } },
                      { kind: "Field", name: { kind: "Name", value: "averageLessonScoreLast30Days" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "studyMinutesByWeekday" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "weekday" } },
                            { kind: "Field", name: { kind: "Name", value: "minutes" } },
                          ],
                        },
                      },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "accuracyByJlptLevel" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "jlptLevel" } },
                            { kind: "Field", name: { kind: "Name", value: "reviews" } },
                            { kind: "Field", name: { kind: "Name", value: "accuracy" } },
                          ],
                        },
                      },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "accuracyByKind" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "kind" } },
                            { kind: "Field", name: { kind: "Name", value: "reviews" } },
                            { kind: "Field", name: { kind: "Name", value: "accuracy" } },
                          ],
                        },
                      },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "retention" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "cards" } },
                            { kind: "Field", name: { kind: "Name", value: "averageStabilityDays" } },
                            { kind: "Field", name: { kind: "Name", value: "predictedRecallNow" } },
                          ],
                        },
                      },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "studyMinutesByHour" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "hour" } },
                            { kind: "Field", name: { kind: "Name", value: "minutes" } },
                          ],
                        },
                      },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "dueNext14Days" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "date" } },
                            { kind: "Field", name: { kind: "Name", value: "count" } },
                          ],
                        },
                      },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "weakestItems" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "character" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "id" } },
                                  { kind: "Field", name: { kind: "Name", value: "literal" } },
                                ],
                              },
                            },
                            { kind: "Field", name: { kind: "Name", value: "reviews" } },
                            { kind: "Field", name: { kind: "Name", value: "accuracy" } },
                            { kind: "Field", name: { kind: "Name", value: "predictedRecallNow" } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<InsightsQuery, InsightsQueryVariables>;
export const LessonDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "Lesson" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "id" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ID" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "lesson" },
            arguments: [
              { kind: "Argument", name: { kind: "Name", value: "id" }, value: { kind: "Variable", name: { kind: "Name", value: "id" } } },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "title" } },
                { kind: "Field", name: { kind: "Name", value: "kind" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "course" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "title" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "characters" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "literal" } },
                      { kind: "Field", name: { kind: "Name", value: "kind" } },
                      { kind: "Field", name: { kind: "Name", value: "romaji" } },
                      { kind: "Field", name: { kind: "Name", value: "onReadings" } },
                      { kind: "Field", name: { kind: "Name", value: "kunReadings" } },
                      { kind: "Field", name: { kind: "Name", value: "meanings" } },
                      { kind: "Field", name: { kind: "Name", value: "strokes" } },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "examples" },
                        arguments: [{ kind: "Argument", name: { kind: "Name", value: "first" }, value: { kind: "IntValue", value: "3" } }],
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "id" } },
                            { kind: "Field", name: { kind: "Name", value: "written" } },
                            { kind: "Field", name: { kind: "Name", value: "reading" } },
                            { kind: "Field", name: { kind: "Name", value: "meanings" } },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "vocabulary" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "written" } },
                      { kind: "Field", name: { kind: "Name", value: "reading" } },
                      { kind: "Field", name: { kind: "Name", value: "romaji" } },
                      { kind: "Field", name: { kind: "Name", value: "meanings" } },
                    ],
                  },
                },
                { kind: "Field", name: { kind: "Name", value: "completedByMe" } },
                { kind: "Field", name: { kind: "Name", value: "xpForCompletion" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "myCompletion" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "timesCompleted" } },
                      { kind: "Field", name: { kind: "Name", value: "bestScore" } },
                      { kind: "Field", name: { kind: "Name", value: "lastCompletedAt" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<LessonQuery, LessonQueryVariables>;
export const CompleteLessonDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "CompleteLesson" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "input" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "CompleteLessonInput" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "completeLesson" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "input" },
                value: { kind: "Variable", name: { kind: "Name", value: "input" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "xpAwarded" } },
                { kind: "Field", name: { kind: "Name", value: "leveledUp" } },
                { kind: "Field", name: { kind: "Name", value: "newReviewItems" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "completion" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "lesson" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "id" } },
                            { kind: "Field", name: { kind: "Name", value: "completedByMe" } },
                            { kind: "Field", name: { kind: "Name", value: "xpForCompletion" } },
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "myCompletion" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "timesCompleted" } },
                                  { kind: "Field", name: { kind: "Name", value: "bestScore" } },
                                  { kind: "Field", name: { kind: "Name", value: "lastCompletedAt" } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "user" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "xp" } },
                      { kind: "Field", name: { kind: "Name", value: "level" } },
                      { kind: "Field", name: { kind: "Name", value: "currentStreak" } },
                      { kind: "Field", name: { kind: "Name", value: "longestStreak" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<CompleteLessonMutation, CompleteLessonMutationVariables>;
export const SignInCheckDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "SignInCheck" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "me" },
            selectionSet: { kind: "SelectionSet", selections: [{ kind: "Field", name: { kind: "Name", value: "id" } }] },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<SignInCheckQuery, SignInCheckQueryVariables>;
export const MeDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "Me" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "me" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "displayName" } },
                { kind: "Field", name: { kind: "Name", value: "avatarUrl" } },
                { kind: "Field", name: { kind: "Name", value: "xp" } },
                { kind: "Field", name: { kind: "Name", value: "level" } },
                { kind: "Field", name: { kind: "Name", value: "currentStreak" } },
                { kind: "Field", name: { kind: "Name", value: "longestStreak" } },
                { kind: "Field", name: { kind: "Name", value: "unreadNotificationCount" } },
                { kind: "Field", name: { kind: "Name", value: "profileVisibility" } },
                { kind: "Field", name: { kind: "Name", value: "locale" } },
                { kind: "Field", name: { kind: "Name", value: "timezone" } },
                { kind: "Field", name: { kind: "Name", value: "roles" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const UpdateProfileVisibilityDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "UpdateProfileVisibility" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "visibility" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ProfileVisibility" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "updateProfile" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "input" },
                value: {
                  kind: "ObjectValue",
                  fields: [
                    {
                      kind: "ObjectField",
                      name: { kind: "Name", value: "profileVisibility" },
                      value: { kind: "Variable", name: { kind: "Name", value: "visibility" } },
                    },
                  ],
                },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "profileVisibility" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<UpdateProfileVisibilityMutation, UpdateProfileVisibilityMutationVariables>;
export const UpdateLocaleDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "UpdateLocale" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "locale" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "String" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "updateProfile" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "input" },
                value: {
                  kind: "ObjectValue",
                  fields: [
                    {
                      kind: "ObjectField",
                      name: { kind: "Name", value: "locale" },
                      value: { kind: "Variable", name: { kind: "Name", value: "locale" } },
                    },
                  ],
                },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "locale" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<UpdateLocaleMutation, UpdateLocaleMutationVariables>;
export const UpdateProfileDetailsDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "UpdateProfileDetails" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "displayName" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "String" } } },
        },
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "timezone" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "String" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "updateProfile" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "input" },
                value: {
                  kind: "ObjectValue",
                  fields: [
                    {
                      kind: "ObjectField",
                      name: { kind: "Name", value: "displayName" },
                      value: { kind: "Variable", name: { kind: "Name", value: "displayName" } },
                    },
                    {
                      kind: "ObjectField",
                      name: { kind: "Name", value: "timezone" },
                      value: { kind: "Variable", name: { kind: "Name", value: "timezone" } },
                    },
                  ],
                },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "displayName" } },
                { kind: "Field", name: { kind: "Name", value: "timezone" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<UpdateProfileDetailsMutation, UpdateProfileDetailsMutationVariables>;
export const ProgressUpdatedDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "subscription",
      name: { kind: "Name", value: "ProgressUpdated" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "progressUpdated" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "cause" } },
                { kind: "Field", name: { kind: "Name", value: "xp" } },
                { kind: "Field", name: { kind: "Name", value: "xpAwarded" } },
                { kind: "Field", name: { kind: "Name", value: "level" } },
                { kind: "Field", name: { kind: "Name", value: "currentStreak" } },
                { kind: "Field", name: { kind: "Name", value: "occurredAt" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ProgressUpdatedSubscription, ProgressUpdatedSubscriptionVariables>;
export const NotificationsDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "Notifications" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "first" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "Int" } },
          defaultValue: { kind: "IntValue", value: "20" },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "me" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "unreadNotificationCount" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "notifications" },
                  arguments: [
                    {
                      kind: "Argument",
                      name: { kind: "Name", value: "first" },
                      value: { kind: "Variable", name: { kind: "Name", value: "first" } },
                    },
                  ],
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "edges" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "node" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "id" } },
                                  { kind: "Field", name: { kind: "Name", value: "category" } },
                                  { kind: "Field", name: { kind: "Name", value: "title" } },
                                  { kind: "Field", name: { kind: "Name", value: "body" } },
                                  { kind: "Field", name: { kind: "Name", value: "createdAt" } },
                                  { kind: "Field", name: { kind: "Name", value: "read" } },
                                ],
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<NotificationsQuery, NotificationsQueryVariables>;
export const MarkNotificationReadDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "MarkNotificationRead" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "id" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "ID" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "markNotificationRead" },
            arguments: [
              { kind: "Argument", name: { kind: "Name", value: "id" }, value: { kind: "Variable", name: { kind: "Name", value: "id" } } },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "read" } },
                { kind: "Field", name: { kind: "Name", value: "readAt" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<MarkNotificationReadMutation, MarkNotificationReadMutationVariables>;
export const MarkAllNotificationsReadDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "MarkAllNotificationsRead" },
      selectionSet: { kind: "SelectionSet", selections: [{ kind: "Field", name: { kind: "Name", value: "markAllNotificationsRead" } }] },
    },
  ],
} as unknown as DocumentNode<MarkAllNotificationsReadMutation, MarkAllNotificationsReadMutationVariables>;
export const NotificationAddedDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "subscription",
      name: { kind: "Name", value: "NotificationAdded" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "notificationAdded" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "category" } },
                { kind: "Field", name: { kind: "Name", value: "title" } },
                { kind: "Field", name: { kind: "Name", value: "body" } },
                { kind: "Field", name: { kind: "Name", value: "createdAt" } },
                { kind: "Field", name: { kind: "Name", value: "read" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<NotificationAddedSubscription, NotificationAddedSubscriptionVariables>;
export const NotificationPreferencesDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "NotificationPreferences" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "me" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "notificationPreferences" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "settings" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "channel" } },
                            { kind: "Field", name: { kind: "Name", value: "category" } },
                            { kind: "Field", name: { kind: "Name", value: "enabled" } },
                          ],
                        },
                      },
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "quietHours" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            { kind: "Field", name: { kind: "Name", value: "start" } },
                            { kind: "Field", name: { kind: "Name", value: "end" } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<NotificationPreferencesQuery, NotificationPreferencesQueryVariables>;
export const UpdateNotificationPreferencesDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "UpdateNotificationPreferences" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "input" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "UpdateNotificationPreferencesInput" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "updateNotificationPreferences" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "input" },
                value: { kind: "Variable", name: { kind: "Name", value: "input" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                {
                  kind: "Field",
                  name: { kind: "Name", value: "settings" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "channel" } },
                      { kind: "Field", name: { kind: "Name", value: "category" } },
                      { kind: "Field", name: { kind: "Name", value: "enabled" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "quietHours" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "start" } },
                      { kind: "Field", name: { kind: "Name", value: "end" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<UpdateNotificationPreferencesMutation, UpdateNotificationPreferencesMutationVariables>;
export const ReportsDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "Reports" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "range" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "DateRangeInput" } } },
        },
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "weeks" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "Int" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "activeUsersReport" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "range" },
                value: { kind: "Variable", name: { kind: "Name", value: "range" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "date" } },
                { kind: "Field", name: { kind: "Name", value: "dau" } },
                { kind: "Field", name: { kind: "Name", value: "wau" } },
                { kind: "Field", name: { kind: "Name", value: "mau" } },
              ],
            },
          },
          {
            kind: "Field",
            name: { kind: "Name", value: "retentionCohortReport" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "range" },
                value: { kind: "Variable", name: { kind: "Name", value: "range" } },
              },
              {
                kind: "Argument",
                name: { kind: "Name", value: "weeks" },
                value: { kind: "Variable", name: { kind: "Name", value: "weeks" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "cohortWeek" } },
                { kind: "Field", name: { kind: "Name", value: "size" } },
                { kind: "Field", name: { kind: "Name", value: "retained" } },
              ],
            },
          },
          {
            kind: "Field",
            name: { kind: "Name", value: "funnelReport" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "range" },
                value: { kind: "Variable", name: { kind: "Name", value: "range" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "step" } },
                { kind: "Field", name: { kind: "Name", value: "users" } },
                { kind: "Field", name: { kind: "Name", value: "conversionFromPrevious" } },
              ],
            },
          },
          {
            kind: "Field",
            name: { kind: "Name", value: "lessonCompletionReport" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "range" },
                value: { kind: "Variable", name: { kind: "Name", value: "range" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                {
                  kind: "Field",
                  name: { kind: "Name", value: "lesson" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "title" } },
                    ],
                  },
                },
                { kind: "Field", name: { kind: "Name", value: "learners" } },
                { kind: "Field", name: { kind: "Name", value: "completions" } },
                { kind: "Field", name: { kind: "Name", value: "dropOff" } },
              ],
            },
          },
          {
            kind: "Field",
            name: { kind: "Name", value: "notificationEngagementReport" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "range" },
                value: { kind: "Variable", name: { kind: "Name", value: "range" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "category" } },
                { kind: "Field", name: { kind: "Name", value: "sent" } },
                { kind: "Field", name: { kind: "Name", value: "read" } },
                { kind: "Field", name: { kind: "Name", value: "readRate" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ReportsQuery, ReportsQueryVariables>;
export const StrugglingLearnersDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "StrugglingLearners" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "first" } },
          type: { kind: "NamedType", name: { kind: "Name", value: "Int" } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "strugglingLearners" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "first" },
                value: { kind: "Variable", name: { kind: "Name", value: "first" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                {
                  kind: "Field",
                  name: { kind: "Name", value: "edges" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      {
                        kind: "Field",
                        name: { kind: "Name", value: "node" },
                        selectionSet: {
                          kind: "SelectionSet",
                          selections: [
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "user" },
                              selectionSet: { kind: "SelectionSet", selections: [{ kind: "Field", name: { kind: "Name", value: "id" } }] },
                            },
                            { kind: "Field", name: { kind: "Name", value: "score" } },
                            {
                              kind: "Field",
                              name: { kind: "Name", value: "reasons" },
                              selectionSet: {
                                kind: "SelectionSet",
                                selections: [
                                  { kind: "Field", name: { kind: "Name", value: "rule" } },
                                  { kind: "Field", name: { kind: "Name", value: "explanation" } },
                                ],
                              },
                            },
                            { kind: "Field", name: { kind: "Name", value: "flaggedAt" } },
                          ],
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<StrugglingLearnersQuery, StrugglingLearnersQueryVariables>;
export const ReviewQueueDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "ReviewQueue" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "limit" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "Int" } } },
          defaultValue: { kind: "IntValue", value: "20" },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "reviewQueue" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "limit" },
                value: { kind: "Variable", name: { kind: "Name", value: "limit" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "due" } },
                { kind: "Field", name: { kind: "Name", value: "reviewState" } },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "character" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "id" } },
                      { kind: "Field", name: { kind: "Name", value: "literal" } },
                      { kind: "Field", name: { kind: "Name", value: "kind" } },
                      { kind: "Field", name: { kind: "Name", value: "romaji" } },
                      { kind: "Field", name: { kind: "Name", value: "onReadings" } },
                      { kind: "Field", name: { kind: "Name", value: "kunReadings" } },
                      { kind: "Field", name: { kind: "Name", value: "meanings" } },
                    ],
                  },
                },
                {
                  kind: "Field",
                  name: { kind: "Name", value: "schedulePreview" },
                  selectionSet: {
                    kind: "SelectionSet",
                    selections: [
                      { kind: "Field", name: { kind: "Name", value: "rating" } },
                      { kind: "Field", name: { kind: "Name", value: "due" } },
                      { kind: "Field", name: { kind: "Name", value: "intervalSeconds" } },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<ReviewQueueQuery, ReviewQueueQueryVariables>;
export const RecordReviewDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "mutation",
      name: { kind: "Name", value: "RecordReview" },
      variableDefinitions: [
        {
          kind: "VariableDefinition",
          variable: { kind: "Variable", name: { kind: "Name", value: "input" } },
          type: { kind: "NonNullType", type: { kind: "NamedType", name: { kind: "Name", value: "RecordReviewInput" } } },
        },
      ],
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "recordReview" },
            arguments: [
              {
                kind: "Argument",
                name: { kind: "Name", value: "input" },
                value: { kind: "Variable", name: { kind: "Name", value: "input" } },
              },
            ],
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "due" } },
                { kind: "Field", name: { kind: "Name", value: "reviewState" } },
                { kind: "Field", name: { kind: "Name", value: "reps" } },
                { kind: "Field", name: { kind: "Name", value: "lapses" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<RecordReviewMutation, RecordReviewMutationVariables>;
export const NextReviewDocument = {
  kind: "Document",
  definitions: [
    {
      kind: "OperationDefinition",
      operation: "query",
      name: { kind: "Name", value: "NextReview" },
      selectionSet: {
        kind: "SelectionSet",
        selections: [
          {
            kind: "Field",
            name: { kind: "Name", value: "me" },
            selectionSet: {
              kind: "SelectionSet",
              selections: [
                { kind: "Field", name: { kind: "Name", value: "id" } },
                { kind: "Field", name: { kind: "Name", value: "nextReviewAt" } },
              ],
            },
          },
        ],
      },
    },
  ],
} as unknown as DocumentNode<NextReviewQuery, NextReviewQueryVariables>;
