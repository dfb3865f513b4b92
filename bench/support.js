"use strict";
// What every benchmark prints about where it ran.
const { Client } = require("pg");
const { ADMIN_URL } = require("@learnloop/devstack");

async function postgresVersion() {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query("SHOW server_version")).rows[0].server_version;
  } finally {
    await client.end();
  }
}

module.exports = { postgresVersion };
