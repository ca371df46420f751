// After `mvn verify` of the generated kind=code project: the bundle is a provider bundle like Plugboard's own.
import java.util.jar.JarFile

// maven-script-interpreter binds `context` (projectDir: the generated project) and `basedir` (this folder)
File projectDir = new File(context.projectDir.toString())

File jar = new File(projectDir, 'target/plugboard-provider-acme-1.0.0-SNAPSHOT.jar')
assert jar.isFile() : "no $jar"
def zip = new JarFile(jar)
def m = zip.manifest.mainAttributes
def entries = zip.entries().collect { it.name }

assert m.getValue('Bundle-ManifestVersion') == '2'
assert m.getValue('Bundle-SymbolicName') == 'org.example.acme.plugboard'
assert m.getValue('Bundle-Version') == '1.0.0.SNAPSHOT'
assert m.getValue('Export-Package') == null : "exports: ${m.getValue('Export-Package')}"
String imports = m.getValue('Import-Package')
assert imports =~ /io\.plugboard\.api\.provider;version="\[\d+\.\d+,\d+\)"/ : imports
assert imports =~ /io\.plugboard\.api\.outbound;version="\[\d+\.\d+,\d+\)"/ : imports
assert !imports.contains('io.plugboard.provider.support') : "support is embedded, not imported: $imports"
// the services Felix SCR registers, as the provider registry and the extender expect them
String components = m.getValue('Service-Component')
['AcmeProvider', 'AcmeWebhookVerifier', 'AcmeRunJob'].each { assert components.contains("org.example.acme.plugboard.internal.${it}.xml") : components }
String provides = m.getValue('Provide-Capability')
['Provider', 'WebhookVerifier', 'Action'].each { assert provides.contains("\"io.plugboard.api.provider.${it}\"") : provides }
assert m.getValue('Require-Capability').contains('osgi.extender=osgi.component')
['AcmeProvider', 'AcmeWebhookVerifier', 'AcmeRunJob'].each {
    String xml = zip.getInputStream(zip.getEntry("OSGI-INF/org.example.acme.plugboard.internal.${it}.xml")).text
    assert xml =~ /<property name="plugboard\.provider"[^>]* value="acme"\/>/ : xml
}
// files: the connection type, the action's schema, the embedded support classes; no provider.yaml (code registers itself)
['connections/token/connection.yaml', 'connections/token/storage.schema.json', 'actions/run-job.schema.json',
 'org/example/acme/plugboard/internal/AcmeProvider.class',
 'io/plugboard/provider/support/action/ActionSchemas.class'].each { assert it in entries : "$it not in the jar: $entries" }
assert !('provider.yaml' in entries)
assert !zip.getInputStream(zip.getEntry('connections/token/connection.yaml')).text.contains('#set')
zip.close()

// the unit tests ran and passed
def reports = new File(projectDir, 'target/surefire-reports').listFiles().findAll { it.name.endsWith('.xml') }
assert reports.size() == 2 : reports
int tests = reports.sum { (it.text =~ /<testsuite[^>]* tests="(\d+)"/)[0][1] as int }
assert tests >= 7 : "$tests tests"

// the feature: the bundle on top of plugboard, from Plugboard's feature repository
File feature = new File(projectDir, 'target/feature/feature.xml')
String xml = feature.text
assert xml.contains('<feature name="plugboard-provider-acme"') && xml.contains('version="1.0.0.SNAPSHOT"') : xml
assert xml.contains('<feature>plugboard</feature>')
assert xml.contains('<bundle>mvn:org.example.acme/plugboard-provider-acme/1.0.0-SNAPSHOT</bundle>')
assert xml =~ /<repository>mvn:io\.plugboard\/plugboard-features\/[^\/]+\/xml\/features<\/repository>/
assert !xml.contains('${')

// kind=code keeps no provider.yaml and the README names what to fill in
assert !new File(projectDir, 'src/main/resources/provider.yaml').exists()
assert new File(projectDir, 'README.md').text.contains('AcmeWebhookVerifier')
true
