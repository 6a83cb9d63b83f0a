namespace IwmDesk.Llm;

/// <summary>Tuning of <see cref="ChatStepClient"/> beyond <see cref="LlmSettings"/>; the defaults suit hosted and local servers.</summary>
public sealed record ChatStepOptions
{
    /// <summary>HTTP requests per call at most: the first plus retries after 408, 429, 5xx or a dropped connection. Default 3.</summary>
    public int MaxHttpTries { get; init; } = 3;

    /// <summary>First backoff delay after a 5xx (doubled each retry, with jitter) when the server sends no Retry-After. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait honoured from a Retry-After header (longer ones are cut to this). Default 30 s.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Completion-token cap per call (sent as max_completion_tokens); null leaves it to the server.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Sampling temperature; null leaves it to the server (some reasoning models reject any value).</summary>
    public double? Temperature { get; init; }

    /// <summary>Start with strict json_schema structured output (then json_object, then plain text if the server rejects it). Default true.</summary>
    public bool UseStructuredOutput { get; init; } = true;

    /// <summary>Ask once more, listing the offending numbers, when an answer is ungrounded. Default true.</summary>
    public bool RetryUngrounded { get; init; } = true;

    /// <summary>Use the deterministic answer instead of keeping an ungrounded one (status fallback). Default false.</summary>
    public bool FallbackOnUngrounded { get; init; }

    internal void Validate()
    {
        if (MaxHttpTries is < 1 or > 10)
            throw new ArgumentOutOfRangeException(nameof(MaxHttpTries), MaxHttpTries, "must be 1..10");
        if (RetryBaseDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "must be ≥ 0");
        if (MaxRetryAfter < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "must be ≥ 0");
        if (MaxOutputTokens is < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxOutputTokens), MaxOutputTokens, "must be ≥ 1");
        if (Temperature is { } t && (!double.IsFinite(t) || t < 0 || t > 2))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "must be 0..2");
    }
}
