// Runs after the files are generated: checks the properties, then keeps what the chosen kind uses.
//   kind=code: the Java descriptor, verifier, action, tests, connections/, actions/; no provider.yaml (a bundle with
//              classes registers its Provider service itself; the extender ignores its provider.yaml with a warning)
//   kind=data: provider.yaml only; no Java, no connections/ or actions/
// (archetype-metadata.xml's validationRegex is only applied to values typed in interactive mode, so the rules are
// checked here too, for -D values in batch mode.)
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

Path project = Paths.get(request.outputDirectory, request.artifactId)
Properties p = request.properties
String kind = p.getProperty('kind', 'code')

List<String> problems = []
if (!(p.getProperty('id') ==~ /[a-z0-9]+/)) {
    problems << "id '${p.getProperty('id')}' is not a provider id: lower-case letters and digits only ([a-z0-9]+)"
}
if (!(kind ==~ /code|data/)) {
    problems << "kind '${kind}' is not code or data"
}
if (kind == 'code' && !(p.getProperty('classPrefix') ==~ /[A-Za-z_][A-Za-z0-9_]*/)) {
    problems << "classPrefix '${p.getProperty('classPrefix')}' cannot start a Java class name: pass -DclassPrefix=..."
}
if (kind == 'code' && !(p.getProperty('package') ==~ /[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/)) {
    problems << "package '${p.getProperty('package')}' is not a Java package name"
}
if (problems) {
    project.toFile().deleteDir()
    throw new IllegalArgumentException("plugboard-provider-archetype: " + problems.join('; ') + " (nothing generated)")
}

def delete = { String relative ->
    File file = project.resolve(relative).toFile()
    if (file.isDirectory()) {
        file.deleteDir()
    } else {
        file.delete()
    }
}

if (kind == 'data') {
    ['src/main/java', 'src/test', 'src/main/resources/connections', 'src/main/resources/actions'].each(delete)
    println "plugboard-provider-archetype: kind=data, provider.yaml only"
} else {
    delete('src/main/resources/provider.yaml')
    println "plugboard-provider-archetype: kind=code"
}
