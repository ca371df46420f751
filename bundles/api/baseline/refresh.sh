#!/bin/sh
# Makes the api as built from this tree the baseline that later builds are checked against: run it when an API is
# released (commit the jar it writes). Extra arguments go to Maven, e.g. refresh.sh -o for an offline build.
set -eu
api="$(cd "$(dirname "$0")/.." && pwd)"
cd "$api"
# only the jar is wanted here: the tests run in the build proper, and the old baseline is what is being replaced
mvn -B -q "$@" -DskipTests -Dbaseline.skip=true package
jar="$(ls target/io.plugboard.api-*.jar | grep -v -e '-tests\.jar$' -e '-sources\.jar$')"
cp "$jar" baseline/io.plugboard.api.jar
# without its Maven descriptor, install-file takes the coordinates it is given instead of the embedded pom's
zip -q -d baseline/io.plugboard.api.jar 'META-INF/maven/*'
unzip -p baseline/io.plugboard.api.jar META-INF/MANIFEST.MF | tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' \
    | grep '^Export-Package:'
echo "baseline refreshed from $jar: commit bundles/api/baseline/io.plugboard.api.jar"
