module.exports = require('@ibm-cloud/openapi-ruleset');
