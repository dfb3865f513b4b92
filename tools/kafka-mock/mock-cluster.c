/*
 * A Kafka-protocol broker for tests: librdkafka's mock cluster behind a line protocol.
 *
 *   kafka-mock-cluster [brokers]      (default 1)
 *
 * Prints "bootstrap <host:port,...>" once the listeners are up, then answers each stdin line
 * with "ok" or "error <message>":
 *   topic <name> <partitions>   create a topic (the mock would otherwise auto-create 4 partitions)
 *   down                        every broker drops its connections and refuses new ones
 *   up                          brokers accept connections again (same ports, data kept)
 * Exits on stdin EOF, SIGTERM or SIGINT.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static rd_kafka_mock_cluster_t *mcluster;
static int broker_cnt = 1;

static void reply(const char *error) {
  if (error)
    printf("error %s\n", error);
  else
    printf("ok\n");
  fflush(stdout);
}

static int parse_int(const char *s, int *out) {
  char *end;
  long v;
  if (!s || !*s) return -1;
  errno = 0;
  v = strtol(s, &end, 10);
  if (errno || *end || v < 1 || v > INT_MAX) return -1;
  *out = (int)v;
  return 0;
}

/* Applies down/up to each broker id (1..n) rather than relying on -1 meaning "all". */
static const char *set_all(int up) {
  int id;
  for (id = 1; id <= broker_cnt; id++) {
    rd_kafka_resp_err_t err =
        up ? rd_kafka_mock_broker_set_up(mcluster, id) : rd_kafka_mock_broker_set_down(mcluster, id);
    if (err) return rd_kafka_err2str(err);
  }
  return NULL;
}

static void handle(char *line) {
  char *cmd, *arg1, *arg2, *extra, *save = NULL;
  size_t len = strlen(line);
  if (len && line[len - 1] == '\r') line[len - 1] = '\0';

  cmd = strtok_r(line, " \t", &save);
  arg1 = strtok_r(NULL, " \t", &save);
  arg2 = strtok_r(NULL, " \t", &save);
  extra = strtok_r(NULL, " \t", &save);

  if (!cmd) {
    reply("empty command");
  } else if (!strcmp(cmd, "topic")) {
    int partitions;
    /* Replication is capped by the broker count; 3 mirrors a typical production topic. */
    int replication = broker_cnt < 3 ? broker_cnt : 3;
    rd_kafka_resp_err_t err;
    if (!arg1 || parse_int(arg2, &partitions) || extra) {
      reply("usage: topic <name> <partitions>");
      return;
    }
    err = rd_kafka_mock_topic_create(mcluster, arg1, partitions, replication);
    reply(err ? rd_kafka_err2str(err) : NULL);
  } else if (!strcmp(cmd, "down") || !strcmp(cmd, "up")) {
    if (arg1) {
      reply("usage: down | up");
      return;
    }
    reply(set_all(!strcmp(cmd, "up")));
  } else {
    char msg[300];
    snprintf(msg, sizeof(msg), "unknown command: %.200s", cmd);
    reply(msg);
  }
}

int main(int argc, char **argv) {
  char errstr[512];
  char buf[4096];
  size_t used = 0;
  int overlong = 0;
  rd_kafka_conf_t *conf;
  rd_kafka_t *rk;
  sigset_t sigs;
  int sfd;

  if (argc > 2 || (argc == 2 && parse_int(argv[1], &broker_cnt))) {
    fprintf(stderr, "usage: %s [brokers]\n", argv[0]);
    return 2;
  }

  /* Blocked before librdkafka starts its threads, so they inherit the mask and the signals
   * arrive only through the signalfd polled below. */
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
  if (sfd < 0) {
    perror("signalfd");
    return 1;
  }
  /* Belt and braces next to stdin EOF: a parent killed with SIGKILL still takes us down. */
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() == 1) return 0;

  conf = rd_kafka_conf_new();
  /* This handle only anchors the mock cluster; it has nothing to connect to, so keep it quiet. */
  rd_kafka_conf_set(conf, "log_level", "3", NULL, 0);
  rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (!rk) {
    fprintf(stderr, "rd_kafka_new: %s\n", errstr);
    return 1;
  }
  mcluster = rd_kafka_mock_cluster_new(rk, broker_cnt);
  if (!mcluster) {
    fprintf(stderr, "rd_kafka_mock_cluster_new failed\n");
    rd_kafka_destroy(rk);
    return 1;
  }

  printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(mcluster));
  fflush(stdout);

  for (;;) {
    struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};
    ssize_t n;
    char *nl;

    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      perror("poll");
      break;
    }
    if (fds[1].revents) break;
    if (!fds[0].revents) continue;

    n = read(STDIN_FILENO, buf + used, sizeof(buf) - 1 - used);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    used += (size_t)n;
    buf[used] = '\0';

    while ((nl = memchr(buf, '\n', used))) {
      size_t line_len = (size_t)(nl - buf) + 1;
      *nl = '\0';
      if (overlong)
        reply("line too long");
      else
        handle(buf);
      overlong = 0;
      memmove(buf, buf + line_len, used - line_len);
      used -= line_len;
      buf[used] = '\0';
    }
    if (used == sizeof(buf) - 1) {
      /* Drop the rest of an overlong line but still answer it once, keeping replies in step. */
      overlong = 1;
      used = 0;
    }
  }

  rd_kafka_mock_cluster_destroy(mcluster);
  rd_kafka_destroy(rk);
  return 0;
}
