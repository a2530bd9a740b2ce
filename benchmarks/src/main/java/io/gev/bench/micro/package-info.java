/**
 * JMH microbenchmarks of gev's hot paths off the socket: the ring buffer and the unpack of each framing. The timing
 * wheel's benchmark lives in {@code io.gev}, beside the package-private wheel it drives.
 */
package io.gev.bench.micro;
