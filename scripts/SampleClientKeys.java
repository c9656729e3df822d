import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample system clients' key pairs, made on this machine and never committed. Run with the JDK
 * alone (no build needed):
 *
 * <pre>java scripts/SampleClientKeys.java KEYS_DIR REALM_IN REALM_OUT</pre>
 *
 * For every {@code "sample-jwks:<client>"} in the realm file, makes an RSA key pair for that client in
 * KEYS_DIR unless it is there already ({@code <client>.private.jwk.json}, readable by its owner only,
 * and {@code <client>.jwks.json}, the public half), and writes the realm with the placeholder
 * replaced by the public JWKS, which Keycloak checks the client's signed assertions against. Keys
 * carry {@code kid} (their RFC 7638 thumbprint), {@code use} and {@code alg}.
 */
public final class SampleClientKeys {

    private static final Pattern PLACEHOLDER = Pattern.compile("\"sample-jwks:([a-z0-9-]+)\"");
    private static final String ALGORITHM = "RS384";

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java SampleClientKeys.java KEYS_DIR REALM_IN REALM_OUT");
            System.exit(2);
        }
        Path keys = Path.of(args[0]);
        Files.createDirectories(keys);
        String realm = Files.readString(Path.of(args[1]));
        Matcher matcher = PLACEHOLDER.matcher(realm);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String jwks = publicJwks(keys, matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(quoted(jwks)));
        }
        matcher.appendTail(out);
        Files.writeString(Path.of(args[2]), out.toString());
    }

    /** The client's public JWKS, making its key pair first if it has none. */
    private static String publicJwks(Path keys, String client) throws Exception {
        Path privateKey = keys.resolve(client + ".private.jwk.json");
        Path publicKeys = keys.resolve(client + ".jwks.json");
        if (!Files.isRegularFile(privateKey) || !Files.isRegularFile(publicKeys)) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            RSAPrivateCrtKey secret = (RSAPrivateCrtKey) pair.getPrivate();
            Map<String, String> jwk = publicJwk(publicKey);
            Map<String, String> full = new LinkedHashMap<>(jwk);
            full.put("d", base64(secret.getPrivateExponent()));
            full.put("p", base64(secret.getPrimeP()));
            full.put("q", base64(secret.getPrimeQ()));
            full.put("dp", base64(secret.getPrimeExponentP()));
            full.put("dq", base64(secret.getPrimeExponentQ()));
            full.put("qi", base64(secret.getCrtCoefficient()));
            Files.deleteIfExists(privateKey);
            Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privateKey, json(full) + "\n");
            Files.writeString(publicKeys, "{\"keys\":[" + json(jwk) + "]}\n");
            System.err.println("SampleClientKeys: made a key pair for " + client + " in " + keys);
        }
        return Files.readString(publicKeys).trim();
    }

    private static Map<String, String> publicJwk(RSAPublicKey key) throws Exception {
        String n = base64(key.getModulus());
        String e = base64(key.getPublicExponent());
        String thumbprintInput = "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}";
        byte[] thumbprint =
                MessageDigest.getInstance("SHA-256").digest(thumbprintInput.getBytes(StandardCharsets.UTF_8));
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", Base64.getUrlEncoder().withoutPadding().encodeToString(thumbprint));
        jwk.put("use", "sig");
        jwk.put("alg", ALGORITHM);
        jwk.put("n", n);
        jwk.put("e", e);
        return jwk;
    }

    /** An unsigned big-endian number in unpadded base64url, as JWK wants it. */
    private static String base64(BigInteger number) {
        byte[] bytes = number.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] unsigned = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, unsigned, 0, unsigned.length);
            bytes = unsigned;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Members whose values need no escaping (base64url and plain names). */
    private static String json(Map<String, String> members) {
        StringBuilder json = new StringBuilder("{");
        members.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                .append('"').append(name).append("\":\"").append(value).append('"'));
        return json.append('}').toString();
    }

    /** The text as a JSON string literal. */
    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
