import Hummingbird

// Placeholder until the `forms` branch (RecordForm, RecordFormInput) is merged; replaced then.
extension WorkstationServer {
    func addRecordFormRoutes(to router: Router<WorkstationRequestContext>) {}
}
