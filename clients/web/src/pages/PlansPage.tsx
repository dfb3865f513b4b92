import { Alert, Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../format";
import type { Plan } from "../generated/graphql";
import { useOpenBillingPortalMutation, usePlansPageHeadlineQuery, usePlansQuery, useStartCheckoutMutation } from "../generated/hooks";
import { useLocale } from "../locale";
import { ErrorBox } from "../ui/ErrorBox";
import { CheckIcon } from "../ui/icons";
import { PageSkeleton } from "../ui/PageSkeleton";

/** Stripe's pages are elsewhere: the browser leaves the app for them and comes back to the success URL. */
const goTo = (url: string) => window.location.assign(url);

/** Free, Plus and Pro with what each unlocks; a paid plan goes to Stripe Checkout, a subscriber to the portal. */
export default function PlansPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  // The plan changes by webhook, outside this app: always ask.
  const { data, loading, error } = usePlansQuery({ fetchPolicy: "cache-and-network" });
  // The headline test (plans-page-headline, ADR 0035): the variant is fixed per learner, so the cache may answer.
  const headline = usePlansPageHeadlineQuery();
  const [checkout, checkingOut] = useStartCheckoutMutation();
  const [portal, openingPortal] = useOpenBillingPortalMutation();
  if (error) return <ErrorBox error={error} />;
  // Wait for the variant too, so the headline never changes under the learner's eyes; without one, control.
  if ((loading && !data) || (headline.loading && !headline.data)) return <PageSkeleton />;
  if (!data) return null;
  const current = data.mySubscription;
  // A failed payment: the subscription still exists (paying its invoice restores it), so no new checkout.
  const dunning = current.graceEndsAt !== null && current.graceEndsAt !== undefined;
  const graceOver = dunning && new Date(current.graceEndsAt!).getTime() <= Date.now();
  const upgrade = (plan: Plan) =>
    checkout({ variables: { plan } })
      .then(({ data: d }) => d && goTo(d.startCheckout.url))
      .catch(() => undefined);
  const manage = () =>
    portal()
      .then(({ data: d }) => d && goTo(d.openBillingPortal.url))
      .catch(() => undefined);
  return (
    <Stack>
      <Title order={1} size="h2" data-testid="plans-headline">
        {headline.data?.me.experimentVariant?.variant === "benefits" ? t("plans.titleBenefits") : t("plans.title")}
      </Title>
      <Text data-testid="current-plan">
        {t("plans.current", { plan: t(`plan.${current.plan}`) })}
        {current.currentPeriodEnd &&
          ` · ${t(current.cancelAtPeriodEnd ? "plans.endsOn" : "plans.renewsOn", { when: formatDateTime(current.currentPeriodEnd, locale) })}`}
      </Text>
      {dunning && (
        <Alert color="red" variant="light" title={t("plans.paymentFailedTitle")} data-testid="payment-failed">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {graceOver ? t("plans.fellBackToFree") : t("plans.graceUntil", { when: formatDateTime(current.graceEndsAt!, locale) })}
            </Text>
            <Button size="xs" data-testid="fix-payment" loading={openingPortal.loading} onClick={() => void manage()}>
              {t("plans.fixPayment")}
            </Button>
          </Stack>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {data.plans.map((offer) => {
          const mine = offer.plan === current.plan;
          return (
            <Card key={offer.plan} withBorder padding="lg" data-testid={`plan-${offer.plan}`} aria-current={mine ? "true" : undefined}>
              <Stack gap="sm" h="100%">
                <Group justify="space-between">
                  <Title order={2} size="h3">
                    {t(`plan.${offer.plan}`)}
                  </Title>
                  {mine && <Badge variant="filled">{t("plans.yours")}</Badge>}
                </Group>
                <List spacing={4} size="sm" icon={<CheckIcon />} style={{ flexGrow: 1 }}>
                  <List.Item>{t("plans.basics")}</List.Item>
                  {offer.features.map((f) => (
                    <List.Item key={f}>{t(`feature.${f}`)}</List.Item>
                  ))}
                </List>
                {offer.paid && !mine && current.plan === "FREE" && !dunning && (
                  <Button data-testid={`upgrade-${offer.plan}`} loading={checkingOut.loading} onClick={() => void upgrade(offer.plan)}>
                    {t("plans.upgrade", { plan: t(`plan.${offer.plan}`) })}
                  </Button>
                )}
                {mine && current.plan !== "FREE" && (
                  <Button variant="light" data-testid="manage-billing" loading={openingPortal.loading} onClick={() => void manage()}>
                    {t("plans.manage")}
                  </Button>
                )}
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
      <ErrorBox error={checkingOut.error ?? openingPortal.error} />
      <Text size="sm" c="dimmed">
        {t("plans.stripe")}
      </Text>
    </Stack>
  );
}
