using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IwmDesk.Testing;

/// <summary>
/// A real SMTP server on 127.0.0.1 for the alert tests: Debian's aiosmtpd (scripts/smtp-up.sh installs it; the tests read
/// the interpreter from IWMDESK_TEST_SMTP_PYTHON, else /usr/bin/python3) running tests/Shared/smtp_server.py with
/// STARTTLS and AUTH required, on a free port, with a self-signed certificate made here for 127.0.0.1. Messages land
/// as .eml files; disposing stops the server (its stdin closes, then the process is killed if it lingers).
/// </summary>
internal sealed class SmtpTestServer : IDisposable
{
    public const string PythonVariable = "IWMDESK_TEST_SMTP_PYTHON";

    private readonly Process _process;

    private SmtpTestServer(Process process, int port, string dir, string caFile)
    {
        _process = process;
        Port = port;
        MessageDir = dir;
        CaFile = caFile;
    }

    public int Port { get; }

    public string MessageDir { get; }

    /// <summary>The server certificate (PEM), to trust as the CA.</summary>
    public string CaFile { get; }

    /// <summary>The interpreter that can import aiosmtpd, or null.</summary>
    public static string? Python
    {
        get
        {
            var env = Environment.GetEnvironmentVariable(PythonVariable);
            var python = string.IsNullOrEmpty(env) ? "/usr/bin/python3" : env;
            if (!File.Exists(python))
                return null;
            using var p = Process.Start(new ProcessStartInfo(python, ["-c", "import aiosmtpd.controller"]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false });
            if (p is null || !p.WaitForExit(30_000))
                return null;
            return p.ExitCode == 0 ? python : null;
        }
    }

    /// <summary>Why the SMTP tests are skipped, or null.</summary>
    public static string? SkipReason { get; } = Python is null
        ? "no SMTP server: python3-aiosmtpd is not installed (scripts/smtp-up.sh installs it; scripts/test.sh runs it)"
        : null;

    /// <summary>The messages received so far, oldest first.</summary>
    public IReadOnlyList<string> Messages =>
        [.. Directory.GetFiles(MessageDir, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    public static SmtpTestServer Start(string user, string password)
    {
        var python = Python ?? throw new InvalidOperationException(SkipReason);
        var dir = TestData.TempDir();
        var (cert, key) = (Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem"));
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
            File.WriteAllText(cert, certificate.ExportCertificatePem());
            File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        }

        var messages = Path.Combine(dir, "messages");
        Directory.CreateDirectory(messages);
        var script = Path.Combine(TestData.RepoRoot, "tests", "Shared", "smtp_server.py");
        for (var tries = 0; ; tries++)
        {
            var port = Loopback.FreePort();
            var process = Process.Start(new ProcessStartInfo(python, [script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), cert, key, messages, user, password])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("could not start " + python);
            var ready = process.StandardOutput.ReadLineAsync();
            if (ready.Wait(TimeSpan.FromSeconds(30)) && ready.Result == "READY")
                return new SmtpTestServer(process, port, messages, cert);
            var error = process.HasExited ? process.StandardError.ReadToEnd() : "no READY within 30 s";
            Stop(process);
            if (tries >= 3)
                throw new InvalidOperationException("the SMTP test server did not start: " + error);
        }
    }

    public void Dispose() => Stop(_process);

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.Close();
                if (!process.WaitForExit(5_000))
                    process.Kill();
                process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }
}

/// <summary>A fact skipped, with the reason, when no SMTP test server can be had (with CI=true it is not skipped: it fails).</summary>
internal sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute()
    {
        if (SmtpTestServer.SkipReason is { } reason && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = reason;
    }
}
