/** gev's benchmarks: peer servers, the echo load generator and the report tools that {@code benchmarks/run.sh} drives. */
package io.gev.bench;
