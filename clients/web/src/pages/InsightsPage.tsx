import { Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useInsightsQuery } from "../generated/hooks";
import { ErrorBox } from "../ui/ErrorBox";
import { PageSkeleton } from "../ui/PageSkeleton";
import { INSIGHTS_SECTIONS } from "./insights/sections";

/**
 * The learner's last 30 days in figures and charts. Insights need the LEARNING_INSIGHTS plan
 * feature: on a plan without it the API answers PLAN_REQUIRED, which ErrorBox shows as the way
 * to the plans page, not as an error.
 */
export default function InsightsPage() {
  const { t } = useTranslation();
  // New events arrive all the time: ask each visit, show the cached figures meanwhile.
  const { data, loading, error } = useInsightsQuery({ fetchPolicy: "cache-and-network" });
  return (
    <Stack maw={880}>
      <Title order={1} size="h2">
        {t("insights.title")}
      </Title>
      {error ? (
        <ErrorBox error={error} />
      ) : loading && !data ? (
        <PageSkeleton rows={2} />
      ) : data ? (
        <>
          <Text c="dimmed">{t("insights.window")}</Text>
          {INSIGHTS_SECTIONS.map(({ id, Section }) => (
            <Section key={id} insights={data.me.insights} />
          ))}
        </>
      ) : null}
    </Stack>
  );
}
