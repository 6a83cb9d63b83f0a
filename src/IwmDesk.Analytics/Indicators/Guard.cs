namespace IwmDesk.Analytics.Indicators;

/// <summary>Argument checks shared by the indicator kernels (they run once per call, never per bar).</summary>
internal static class Guard
{
    public static void Destination(int sourceLength, int destinationLength, string paramName)
    {
        if (destinationLength < sourceLength)
            throw new ArgumentException($"destination has {destinationLength} elements but the input has {sourceLength}", paramName);
    }

    public static void SameLength(int expected, int actual, string paramName)
    {
        if (actual != expected)
            throw new ArgumentException($"has {actual} elements but the first input has {expected}", paramName);
    }
}
