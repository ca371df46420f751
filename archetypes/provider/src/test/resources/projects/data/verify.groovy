// After `mvn verify` of the generated kind=data project: a bundle like bitbucket's, provider.yaml and nothing else.
import java.util.jar.JarFile

// maven-script-interpreter binds `context` (projectDir: the generated project) and `basedir` (this folder)
File projectDir = new File(context.projectDir.toString())

File jar = new File(projectDir, 'target/plugboard-provider-acmedata-0.1.0-SNAPSHOT.jar')
assert jar.isFile() : "no $jar"
def zip = new JarFile(jar)
def m = zip.manifest.mainAttributes
def entries = zip.entries().collect { it.name }

assert m.getValue('Bundle-SymbolicName') == 'com.example.plugboard.acmedata'
// no code: the provider-file extender registers the provider only for a bundle without Service-Component/Activator
['Service-Component', 'Bundle-Activator', 'Export-Package', 'Import-Package', 'Private-Package'].each {
    assert m.getValue(it) == null : "$it: ${m.getValue(it)}"
}
assert !entries.any { it.endsWith('.class') } : entries
assert 'provider.yaml' in entries
String descriptor = zip.getInputStream(zip.getEntry('provider.yaml')).text
assert descriptor.contains('\nid: acmedata\n') && descriptor.contains('\nname: Acme Data\n') : descriptor
zip.close()

assert !new File(projectDir, 'src/main/java').exists()
assert !new File(projectDir, 'src/test').exists()
assert !new File(projectDir, 'src/main/resources/connections').exists()
String xml = new File(projectDir, 'target/feature/feature.xml').text
assert xml.contains('<feature name="plugboard-provider-acmedata"') && xml.contains('version="0.1.0.SNAPSHOT"') : xml
assert xml.contains('<bundle>mvn:com.example.plugboard/plugboard-provider-acmedata/0.1.0-SNAPSHOT</bundle>')
String readme = new File(projectDir, 'README.md').text
assert readme.startsWith('# plugboard-provider-acmedata') && readme.contains('\n## Build\n') : readme
assert !readme.contains('AcmeDataWebhookVerifier')
true
