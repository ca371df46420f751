// Runs after the files are generated: keeps what the chosen kind uses.
//   kind=code: the Java descriptor, verifier, action, tests, connections/, actions/; no provider.yaml (a bundle with
//              classes registers its Provider service itself; the extender ignores its provider.yaml with a warning)
//   kind=data: provider.yaml only; no Java, no connections/ or actions/
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

Path project = Paths.get(request.outputDirectory, request.artifactId)
String kind = request.properties.getProperty('kind', 'code')

def delete = { String relative ->
    Path path = project.resolve(relative)
    if (Files.exists(path)) {
        path.toFile().deleteDir() || path.toFile().delete()
    }
}

if (kind == 'data') {
    ['src/main/java', 'src/test', 'src/main/resources/connections', 'src/main/resources/actions'].each(delete)
    println "plugboard-provider-archetype: kind=data, provider.yaml only"
} else if (kind == 'code') {
    delete('src/main/resources/provider.yaml')
    println "plugboard-provider-archetype: kind=code"
} else {
    throw new IllegalArgumentException("kind is 'code' or 'data', not '" + kind + "'")
}
